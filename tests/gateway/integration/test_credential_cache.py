"""The gateway's credential cache (db/credential_cache.py): a change made anywhere (another
replica, an operator's SQL) takes effect at once through NOTIFY, not after AUTH_CACHE_SECONDS."""
from __future__ import annotations

import asyncio

import pytest

from tests.gateway.integration.factories import login, make_key, make_user

pytestmark = pytest.mark.integration
ME = "/api/v1/company/auth/me"


async def status_soon(client, headers: dict, want: int, within: float = 1.5, path: str = ME) -> int:
    """The status of GET /company/auth/me once it is `want`, or the last one after `within` s
    (well under the 5 s default cache lifetime: only the notice can explain a change)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        status = (await client.get(path, headers=headers)).status_code
        if status == want or asyncio.get_running_loop().time() > deadline:
            return status
        await asyncio.sleep(0.05)


async def test_a_key_revoked_in_the_database_is_refused_at_once(client, gw_pool, demo):
    key_id, key = await make_key(gw_pool, demo["company_id"], ["inventory:read"])
    headers = {"X-API-Key": key}
    for _ in range(3):  # checked once, then served from the cache
        assert (await client.get(ME, headers=headers)).status_code == 200
    await gw_pool.execute("UPDATE api_keys SET revoked_at = now() WHERE id = $1", key_id)
    assert await status_soon(client, headers, 401) == 401


async def test_last_used_writes_do_not_drop_the_cache_but_scope_changes_do(client, gw_pool, demo):
    key_id, key = await make_key(gw_pool, demo["company_id"], ["settings:read"])
    headers, company = {"X-API-Key": key}, "/api/v1/company/settings/company"
    assert (await client.get(company, headers=headers)).status_code == 200
    await gw_pool.execute("UPDATE api_keys SET last_used_at = now() WHERE id = $1", key_id)
    assert (await client.get(company, headers=headers)).status_code == 200
    await gw_pool.execute("UPDATE api_keys SET scopes = '{sales:read}' WHERE id = $1", key_id)
    assert await status_soon(client, headers, 403, path=company) == 403


async def test_a_deactivated_user_and_a_removed_membership_lose_access_at_once(client, gw_pool, demo):
    user_id, email = await make_user(gw_pool, demo["company_id"], "owner")
    token = await login(client, email)
    headers = {"Authorization": f"Bearer {token}", "X-Company-Id": str(demo["company_id"])}
    company, me = "/api/v1/settings/company", "/api/v1/auth/me"
    assert (await client.get(company, headers=headers)).status_code == 200
    assert (await client.get(me, headers=headers)).status_code == 200
    await gw_pool.execute("DELETE FROM memberships WHERE user_id = $1", user_id)
    assert await status_soon(client, headers, 403, path=company) == 403
    await gw_pool.execute("UPDATE users SET active = false WHERE id = $1", user_id)
    assert await status_soon(client, headers, 401, path=me) == 401
