"""Revoked, expired and tampered credentials on every operation, in its own context: a 401 in the
public error format (a user taken out of the company: 403), and nothing of the company changed.

Credentials: a revoked API key, the victim's key with one character changed, cut or lengthened, a
key of the right shape that does not exist, an API key sent as a Bearer token, a session token
sent as an API key, an expired session, a logged-out one, a tampered one, other schemes than
Bearer; and a removed member's live session on the company that removed them.
"""
from __future__ import annotations

import asyncio
import hashlib

import asyncpg
import pytest

from services.gateway.domain.access import all_write_scopes
from tests.e2e.stacks import created
from tests.security import support
from tests.security.conftest import gateway_client, login, remember

pytestmark = [pytest.mark.e2e, pytest.mark.security]


def tampered(secret: str) -> list[str]:
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    return [flipped, secret[:-1], secret + "x", secret.upper() if secret != secret.upper() else secret.lower(),
            " ".join([secret[:10], secret[10:]]), secret[::-1], secret * 40]


async def _expire(database_url: str, token: str) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        done = await conn.execute("UPDATE gateway.sessions SET expires_at = now() - interval '1 second' "
                                  "WHERE token_hash = $1", hashlib.sha256(token.encode()).hexdigest())
        assert done == "UPDATE 1"
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def credentials(stack, victim, victim_api):
    """(label, context, headers, expected status) to try on every operation."""
    company = {"X-Company-Id": str(victim["company_id"])}
    key = await created(victim_api, "/settings/api-keys", {"name": "revocada", "scopes": list(all_write_scopes())})
    remember(key["api_key"], "retirado-123")
    async with gateway_client(stack, **{"X-API-Key": key["api_key"]}) as client:
        assert (await client.get("/api/v1/company/customers")).status_code == 200
    assert (await victim_api.delete(f"/settings/api-keys/{key['id']}")).status_code == 200
    expired, logged_out = await login(stack, victim["email"]), await login(stack, victim["email"])
    await _expire(stack.env["DATABASE_URL"], expired)
    async with gateway_client(stack, Authorization=f"Bearer {logged_out}") as client:
        assert (await client.post("/api/v1/auth/logout")).status_code == 200
    member = await created(victim_api, "/settings/users", {"email": "retirado@example.com", "name": "Retirado",
                                                           "password": "retirado-123", "role": "admin"})
    removed = await login(stack, "retirado@example.com", "retirado-123")
    assert (await victim_api.delete(f"/settings/users/{member['id']}")).status_code == 200
    cases = [("revoked key", "key", {"X-API-Key": key["api_key"]}, 401),
             ("no credentials", "key", {}, 401), ("no credentials", "user", company, 401),
             ("key as bearer", "user", {"Authorization": f"Bearer {victim['api_key']}", **company}, 401),
             ("token as key", "key", {"X-API-Key": victim["token"]}, 401),
             ("unknown key", "key", {"X-API-Key": "ek_victim00_" + "w" * 36}, 401),
             ("expired token", "user", {"Authorization": f"Bearer {expired}", **company}, 401),
             ("logged-out token", "user", {"Authorization": f"Bearer {logged_out}", **company}, 401),
             ("basic scheme", "user", {"Authorization": f"Basic {victim['token']}", **company}, 401),
             ("bare token", "user", {"Authorization": victim["token"], **company}, 401),
             ("removed member", "user", {"Authorization": f"Bearer {removed}", **company}, 403)]
    cases += [(f"tampered key {i}", "key", {"X-API-Key": k}, 401) for i, k in enumerate(tampered(victim["api_key"]))]
    cases += [(f"tampered token {i}", "user", {"Authorization": f"Bearer {t}", **company}, 401)
              for i, t in enumerate(tampered(victim["token"]))]
    return cases


async def test_bad_credentials_are_refused_on_every_operation(stack, http, victim, spec, credentials):
    ops = support.operations(spec)
    before = await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"])
    gate = asyncio.Semaphore(8)

    async def one(op, label, context, headers, expected):
        if expected == 403 and not op.company:
            expected = 200  # /auth/me and /auth/logout need no company: the session itself is valid
        path = ("/api/v1/company" if context == "key" else "/api/v1") + support.fill_path(op, victim["ids"])
        async with gate:
            resp = await http.request(op.method, path, headers=headers, json={} if op.method != "GET" else None)
        if resp.status_code != expected or (expected >= 400 and not support.is_error_body(resp, expected)):
            return (label, context, op.label, resp.status_code, resp.text[:200])
        return None

    jobs = [one(op, *case) for case in credentials for op in ops
            if not (case[0] == "removed member" and op.label == "POST /auth/logout")]
    problems = [p for p in await asyncio.gather(*jobs) if p]
    assert not problems, problems[:20]
    assert await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"]) == before
    print(f"\ncredentials: {len(credentials)} bad credentials x {len(ops)} operations = {len(jobs)} calls")


async def test_a_revoked_key_stops_at_once(stack, victim_api):
    key = await created(victim_api, "/settings/api-keys", {"name": "al instante", "scopes": ["sales:read"]})
    remember(key["api_key"])
    async with gateway_client(stack, **{"X-API-Key": key["api_key"]}) as client:
        assert (await client.get("/api/v1/company/customers")).status_code == 200
        assert (await victim_api.delete(f"/settings/api-keys/{key['id']}")).status_code == 200
        resp = await client.get("/api/v1/company/customers")
    assert support.is_error_body(resp, 401), resp.text


async def test_login_with_a_wrong_or_tampered_password_is_401(stack, victim):
    async with gateway_client(stack) as client:
        for password in ("demo1235", "demo123", "DEMO1234", "' OR '1'='1", ""):
            resp = await client.post("/api/v1/auth/login", json={"email": victim["email"], "password": password})
            assert resp.status_code in (401, 422) and support.is_error_body(resp), (password, resp.text)
        resp = await client.post("/api/v1/auth/login", json={"email": "' OR 1=1 --", "password": "demo1234"})
        assert resp.status_code in (401, 422) and support.is_error_body(resp), resp.text
