"""A RabbitMQ restart under a running gateway and worker (processes, on a broker of
this test's own): during the outage requests are a quick 503 with Retry-After and both
/readyz answer 503 (liveness stays 200); after it the same processes answer 200 again."""
from __future__ import annotations

import time

import httpx
import pytest

from tests import harness
from tests.e2e.conftest import bootstrap

pytestmark = pytest.mark.e2e
LOOKUP = "/api/v1/company/documents/lookups/establishments"


@pytest.fixture
async def outage_platform(infra, service_env, log_dir, private_broker):
    """gateway + sequencing on the private broker and a database of their own."""
    name = harness.unique("outage")
    env = {**service_env, "DATABASE_URL": await harness.create_database(infra, name),
           "AMQP_URL": private_broker.url}
    tenant = bootstrap(env)
    started = []
    try:
        started.append(harness.start_service("sequencing", env, log_dir=log_dir))
        started.append(harness.start_service("gateway", {**env, "RATE_LIMIT_PER_MINUTE": "0",
                                                          "RPC_TIMEOUT_SECONDS": "3"}, log_dir=log_dir))
        yield tenant, *started
    finally:
        for svc in started:
            svc.stop()
        await harness.drop_database(infra, name)


def status(url: str) -> int | None:
    try:
        return httpx.get(url, timeout=2).status_code
    except httpx.HTTPError:
        return None


async def test_broker_restart_is_a_503_then_recovers_without_restarts(outage_platform, private_broker):
    tenant, sequencing, gateway = outage_platform
    pids = {svc.name: svc.proc.pid for svc in (sequencing, gateway)}
    ready_urls = [sequencing.url + "/readyz", gateway.url + "/readyz"]
    async with httpx.AsyncClient(base_url=gateway.url, headers={"X-API-Key": tenant["api_key"]}, timeout=10) as api:
        assert (await api.get(LOOKUP, params={"type": "invoice"})).status_code == 200

        with private_broker.down():
            await harness.eventually(lambda: all(status(u) == 503 for u in ready_urls), timeout=10)
            assert status(gateway.url + "/healthz") == 200 and status(sequencing.url + "/healthz") == 200
            started = time.monotonic()
            resp = await api.get(LOOKUP, params={"type": "invoice"})
            assert time.monotonic() - started < 1  # not the RPC timeout (3 s)
            assert resp.status_code == 503, resp.text
            assert int(resp.headers["Retry-After"]) > 0
            assert set(resp.json()) == {"message"} and "no está disponible" in resp.json()["message"]
            readyz = httpx.get(gateway.url + "/readyz").json()
            assert readyz["checks"]["broker"] is False and readyz["checks"]["rpc_replies"] is False

        await harness.eventually(lambda: all(status(u) == 200 for u in ready_urls), timeout=30)
        resp = await api.get(LOOKUP, params={"type": "invoice"})
        assert resp.status_code == 200, resp.text
        assert resp.json() == {"data": []}
    assert {svc.name: svc.proc.pid for svc in (sequencing, gateway) if svc.proc.poll() is None} == pids
    assert "fast reply consumer does not exist" not in gateway.logs()
