"""The services not built yet still exist, start, migrate their schema and answer /readyz."""
import asyncpg
import httpx
import pytest

pytestmark = pytest.mark.integration
STUBS = ("sri_submitter", "renderer_mailer", "payments")


@pytest.mark.parametrize("name", STUBS)
async def test_stub_starts_and_is_ready(start_service, database_url, name):
    service = start_service(name)
    ready = httpx.get(service.url + "/readyz")
    parts = ("database", "broker", "rpc_replies", "publisher", "consumers", "rpc_server")
    assert ready.status_code == 200 and ready.json()["checks"] == dict.fromkeys(parts, True)
    assert httpx.get(service.url + "/healthz").json() == {"status": "ok"}
    assert httpx.get(service.url + "/metrics").status_code == 200
    conn = await asyncpg.connect(database_url)
    try:
        tables = {r["table_name"] for r in await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", name)}
    finally:
        await conn.close()
    assert {"outbox", "inbox", "schema_migrations"} <= tables
    assert service.stop() == 0  # graceful SIGTERM
