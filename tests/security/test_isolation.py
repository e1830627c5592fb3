"""Tenant isolation on every operation the gateway serves, in both contexts.

The operations come from the gateway's OpenAPI document (generated from the route table; a test
checks the served one matches it), so a new endpoint is attacked without touching this file: an
unmapped path parameter fails with a KeyError naming it (support.PATH_IDS). Each operation is called
by another company with the victim's ids in the path, the query and the body:

- with the attacker's API key (and X-Company-Id of the victim, which a key must ignore),
- with the attacker's session token and X-Company-Id of the victim: 403 (not a member),
- with the attacker's session token on the attacker's own company.

An id of the victim in the path is 404 (API.md: another company's id is 404, never a leak); an id in
the body is 404 or 422; nothing the attacker gets back contains the victim's marker or RUC; and the
victim's data, every GET of the API and every row with its company_id in the database, is the same
after all the calls as before.
"""
from __future__ import annotations

import asyncio
import re

import pytest

from services.gateway.openapi.document import build_spec
from shared.sri.timezone import today_ec
from tests.e2e.test_bad_bodies import targets
from tests.harness import eventually
from tests.security import support
from tests.security.conftest import MARKER, gateway_client, login

pytestmark = [pytest.mark.e2e, pytest.mark.security]
OPERATIONS = support.operations(build_spec())
PASSED: set[str] = set()  # labels of the operations attacked, for the count in the last test


def bodies(ids: dict, receiver_url: str) -> dict[str, dict]:
    """A valid body per write operation (label -> body), with the victim's ids where the API takes ids."""
    out = {f"{m} {re.sub(r'/[0-9]+', '/{id}', u.split('?')[0])}": b for m, u, b in targets(ids)}
    out.update({
        "POST /payments": {"document_id": ids["invoice"], "payment_date": str(today_ec()), "amount": "1.00"},
        "POST /payments/{id}/reverse": {"reason": "no"},
        "POST /documents/{id}/email": {"recipients": ["atacante@example.com"]},
        "POST /documents/{id}/cancel": {"reason": "no"},
        "PUT /settings/users/{id}": {"role": "owner"},
        "PUT /settings/company": {"ruc": "1792146739001"},  # the victim's RUC: taken
        "POST /settings/users": {"email": "nuevo-atacante@example.com", "name": "N", "password": "x-secret-123",
                                 "role": "viewer"},
        "POST /settings/api-keys": {"name": "k", "scopes": ["sales:read"]},
        "POST /settings/webhooks": {"url": receiver_url, "events": ["document.created"]},
    })
    return out


# bodies whose ids are the victim's (so the answer is a refusal, not the attacker's own create)
REFERS = {"POST /documents/invoices", "POST /documents/sales-orders", "POST /documents/credit-notes",
          "POST /documents/debit-notes", "POST /inventory/movements", "POST /points-of-sale", "POST /payments"}


# payments does not own customers: for an id it has no advances of (unknown, or another company's) it
# answers an empty page (services/payments/handlers/advances.py), the same for both, so no oracle
EMPTY_PAGE_OK = {"GET /customers/{id}/advances"}


def empty_page(resp) -> bool:
    body = resp.json()
    return body.get("data") == [] and body.get("available_advance") == "0.0000"


@pytest.fixture(scope="module")
async def idempotent(victim_api):
    """(body, Idempotency-Key, the answer's data) of a create the victim made with a key."""
    body, key = {"identification_type": "pasaporte", "identification": "IDEM-1", "name": f"Idem {MARKER}"}, "idem-x1"
    first = await victim_api.post("/customers", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    return body, key, first.json()["data"]


@pytest.fixture(scope="module")
async def before(stack, victim, victim_api, spec, idempotent):
    """The victim's data once its flows settled (two snapshots in a row alike)."""
    ops = support.operations(spec)
    last: list = [None]

    async def settled():
        now = (await support.api_snapshot(victim_api, ops, victim["ids"], MARKER),
               await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"]))
        same, last[0] = now == last[0], now
        return same

    await eventually(settled, timeout=60, interval=0.5)
    failing = {label: answer for label, answer in last[0][0].items() if answer[0] != 200}
    assert not failing, f"the victim's own GETs must answer 200 (else its ids prove nothing): {failing}"
    return last[0]


def test_the_served_document_is_the_route_table(spec):
    served = support.operations(spec)
    assert served == OPERATIONS
    assert {(op.method, op.path) for op in served} == support.route_table()
    for op in served:
        support.fill_path(op, dict.fromkeys(support.PATH_IDS.values(), 1))  # every path parameter is mapped


async def _attack(http, op, headers: dict, prefix: str, path: str, query: dict, body):
    return await http.request(op.method, prefix + path, params=query, headers=headers,
                              json=body if op.method != "GET" else None)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.label)
async def test_another_company_gets_nothing(stack, http, victim, attacker, receiver, before, op):
    ids = victim["ids"]
    path, query = support.fill_path(op, ids), support.fill_query(op, ids, MARKER)
    body = bodies(ids, receiver.url("attacker")).get(op.label, {}) if op.method != "GET" else None
    secrets = [MARKER, victim["ruc"]]
    token = own_token = attacker["token"]
    if op.label == "POST /auth/logout":  # sessions of their own, so the attacker's stays open
        token, own_token = await login(stack, attacker["email"]), await login(stack, attacker["email"])
    calls = {
        "key": ("/api/v1/company", {"X-API-Key": attacker["api_key"], "X-Company-Id": str(victim["company_id"])}),
        "user-victim-company": ("/api/v1", {"Authorization": f"Bearer {token}",
                                            "X-Company-Id": str(victim["company_id"])}),
        "user-own-company": ("/api/v1", {"Authorization": f"Bearer {own_token}",
                                         "X-Company-Id": str(attacker["company_id"])}),
    }
    answers = await asyncio.gather(*(_attack(http, op, h, prefix, path, query, body)
                                     for prefix, h in calls.values()))
    problems = []
    for context, resp in zip(calls, answers):
        status = resp.status_code
        if context == "user-victim-company" and op.company:
            expected = {403}
        elif op.label in EMPTY_PAGE_OK and status == 200 and empty_page(resp):
            expected = {200}
        elif "{" in op.path:
            expected = {404}
        elif op.label in REFERS:
            expected = {404, 422}
        else:
            expected = set(range(200, 500)) - {401, 403}  # the attacker's own company: anything but a leak
        if status not in expected:
            problems.append((context, status, resp.text[:300]))
        elif status >= 400 and not support.is_error_body(resp):
            problems.append((context, "not the public error format", resp.text[:300]))
        if found := support.leaks(resp, secrets):
            problems.append((context, "leaks", found, resp.text[:300]))
    assert not problems, f"{op.label} {path} {query}: {problems}"
    if op.label == "POST /auth/logout":
        async with gateway_client(stack, Authorization=f"Bearer {victim['token']}") as client:
            assert (await client.get("/api/v1/auth/me")).status_code == 200
    PASSED.add(op.label)


async def test_an_idempotency_key_of_another_company_replays_nothing(stack, attacker, idempotent, before):
    """The same Idempotency-Key and body from another company is a new request, never the victim's answer."""
    body, key, first = idempotent
    async with gateway_client(stack, **{"X-API-Key": attacker["api_key"], "Idempotency-Key": key}) as client:
        again = await client.post("/api/v1/company/customers", json=body)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers, again.text
    assert again.json()["data"]["id"] != first["id"]  # the attacker's own new customer


async def test_a_victims_delivery_under_the_attackers_own_webhook_is_404(http, victim, attacker, receiver, before):
    """Mixed ids: the attacker's own webhook with the victim's delivery id (the only path with two ids)."""
    headers = {"X-API-Key": attacker["api_key"]}
    own = await http.post("/api/v1/company/settings/webhooks", headers=headers,
                          json={"url": receiver.url("attacker-own"), "events": ["stock.low"]})
    assert own.status_code == 201, own.text
    hook, delivery = own.json()["data"]["id"], victim["ids"]["delivery"]
    replay = await http.post(f"/api/v1/company/settings/webhooks/{hook}/deliveries/{delivery}/replay", headers=headers)
    assert support.is_error_body(replay, 404), replay.text
    listed = await http.get(f"/api/v1/company/settings/webhooks/{hook}/deliveries", headers=headers)
    assert listed.status_code == 200 and listed.json()["data"] == [], listed.text


async def test_another_companys_user_is_neither_attached_nor_revealed(http, victim, attacker, before):
    """POST /settings/users with the victim owner's e-mail: without their password the same neutral 422
    as for an e-mail nobody registered (so no oracle), and the victim's owner never joins the attacker."""
    headers = {"X-API-Key": attacker["api_key"]}
    guesses = ({}, {"password": "adivinanza-123"}, {"name": "Impostor", "password": "adivinanza-123"})
    answers = {}
    for who, email in (("victim", victim["email"]), ("nobody", "nadie-registrado@example.com")):
        for n, extra in enumerate(guesses[:2] if who == "nobody" else guesses):  # nobody + name: a new user
            resp = await http.post("/api/v1/company/settings/users", headers=headers,
                                   json={"email": email, "role": "owner", **extra})
            assert support.is_error_body(resp, 422), resp.text
            assert not support.leaks(resp, [MARKER, victim["email"]]), resp.text
            answers[who, n] = resp.json()
    assert answers["victim", 0] == answers["nobody", 0]
    assert answers["victim", 1] == answers["nobody", 1] == answers["victim", 2]
    listed = await http.get("/api/v1/company/settings/users", headers=headers)
    assert victim["email"] not in [u["email"] for u in listed.json()["data"]], listed.text


async def test_nothing_of_the_victim_changed(stack, victim, victim_api, spec, before):
    """Last in this module: the victim's API answers and rows are the ones taken before the attacks."""
    await asyncio.sleep(1)  # anything an attack set off in the background has had time to land
    after = (await support.api_snapshot(victim_api, support.operations(spec), victim["ids"], MARKER),
             await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"]))
    api_before, db_before = before
    changed = {k: (api_before[k], after[0].get(k)) for k in api_before if api_before[k] != after[0].get(k)}
    assert not changed, changed
    assert after[1] == db_before
    print(f"\nisolation: {len(PASSED)} operations in both contexts, 3 attacks each ({3 * len(PASSED)} calls); "
          f"{len(api_before)} GETs and {len(db_before)} tables compared")
