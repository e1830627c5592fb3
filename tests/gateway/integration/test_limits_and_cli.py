"""Rate limiting (a gateway with a tiny limit) and the bootstrap-demo / migrate commands."""
from __future__ import annotations

import httpx
import pytest

from tests.gateway.integration.conftest import DEMO, bootstrap_demo, run_cli
from tests.gateway.integration.factories import make_key

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def limited_gateway(gateway, gw_env, start_service):
    return start_service("gateway", **gw_env, RATE_LIMIT_PER_MINUTE="2", ANSWER_CHECK="false")


async def test_rate_limit_is_429_with_retry_after_per_key(limited_gateway, gw_pool, demo):
    _, other = await make_key(gw_pool, demo["company_id"], ["settings:read"])
    async with httpx.AsyncClient(base_url=limited_gateway.url) as c:
        key = {"X-API-Key": demo["api_key"]}
        assert [(await c.get("/api/v1/company/auth/me", headers=key)).status_code for _ in range(2)] == [200, 200]
        limited = await c.get("/api/v1/company/auth/me", headers=key)
        assert limited.status_code == 429
        assert limited.json() == {"message": "Demasiadas solicitudes. Intente nuevamente en 30 segundos."}
        assert limited.headers["Retry-After"] == "30" and limited.headers["X-Request-Id"]
        assert (await c.get("/api/v1/company/auth/me", headers={"X-API-Key": other})).status_code == 200
        assert (await c.get("/healthz")).status_code == 200


async def test_bootstrap_demo_is_idempotent(gw_env, gw_pool, demo):
    again = bootstrap_demo(gw_env)
    assert again == demo == {"company_id": demo["company_id"], "api_key": DEMO["api_key"],
                             "user_email": DEMO["email"], "user_password": DEMO["password"]}
    counts = await gw_pool.fetchrow(
        "SELECT (SELECT count(*) FROM companies WHERE ruc = $1) AS companies, "
        "(SELECT count(*) FROM users WHERE email = $2) AS users, "
        "(SELECT count(*) FROM api_keys WHERE company_id = $3 AND name = 'demo') AS keys, "
        "(SELECT role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $2 "
        " AND m.company_id = $3) AS role", DEMO["ruc"], DEMO["email"], demo["company_id"])
    assert tuple(counts) == (1, 1, 1, "owner")
    events = await gw_pool.fetchval("SELECT count(*) FROM outbox WHERE routing_key = 'gateway.company_updated.v1'")
    assert events >= 2


async def test_bootstrap_demo_without_a_key_makes_a_new_one_and_checks_the_ruc(gw_env):
    fresh = bootstrap_demo(gw_env, api_key="")
    assert fresh["api_key"].startswith("ek_") and fresh["api_key"] != DEMO["api_key"]
    bad = run_cli(gw_env, "bootstrap-demo", "--ruc", "123", "--name", "X", "--email", "a@b.ec",
                  "--password", "12345678")
    assert bad.returncode == 2 and "RUC" in bad.stderr
    migrated = run_cli(gw_env, "migrate")
    assert migrated.returncode == 0 and migrated.stdout.strip() == "gateway: 0 migration(s) applied"
