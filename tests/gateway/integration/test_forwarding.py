"""Forwarding by RPC: identity, pass-through, 503 when a service is away, idempotency."""
from __future__ import annotations

import asyncio
import time

import pytest

from shared.contracts.rpc import NotFound, RpcReply, RpcRequest
from shared.messaging.connection import connect, plain_channel
from shared.messaging.rpc import RpcServer
from shared.messaging.topology import declare_rpc_queue
from tests.gateway.integration.factories import make_key, make_user, user_headers

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def client(unchecked_client):
    """The services behind the gateway are fakes that echo what they get: a gateway that does not
    check answers against their models."""
    return unchecked_client


class FakeInventory:
    """Answers a few `rpc.inventory` methods and counts the calls that reached it."""

    def __init__(self):
        self.calls: dict[str, int] = {}

    def methods(self) -> dict:
        return {"products.get": self.echo, "stock.list": self.echo, "products.create": self.create,
                "products.delete": self.missing, "movements.create": self.crash}

    def count(self, req: RpcRequest) -> int:
        self.calls[req.method] = self.calls.get(req.method, 0) + 1
        return self.calls[req.method]

    async def echo(self, req: RpcRequest):
        self.count(req)
        return {"identity": req.identity.model_dump(), "path_params": req.path_params, "query": req.query,
                "body": req.body}

    async def create(self, req: RpcRequest):
        n = self.count(req)
        await asyncio.sleep(float(req.body.get("sleep", 0)))
        return RpcReply(status=201, body={"message": "Producto creado.", "data": {
            "id": n, **req.body, "idempotency_key": req.idempotency_key, "call_id": req.call_id}})

    async def missing(self, req: RpcRequest):
        raise NotFound("Producto no encontrado.")

    async def crash(self, req: RpcRequest):
        self.count(req)
        raise RuntimeError("boom")


@pytest.fixture(scope="module")
async def inventory(gw_env, gw_pool):
    fake = FakeInventory()
    conn = await connect(gw_env["AMQP_URL"], "fake-inventory")
    server = RpcServer(gw_pool, await plain_channel(conn), "inventory", fake.methods())
    await server.start()
    yield fake
    await server.stop(1)
    await conn.close()


async def test_forward_passes_identity_params_query_and_body_with_a_key(client, demo, inventory):
    headers = {"X-API-Key": demo["api_key"], "X-Request-Id": "fwd-1"}
    resp = await client.get("/api/v1/company/products/42?q=lapiz&page=2&q=ignored", headers=headers)
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["path_params"] == {"id": "42"} and got["query"] == {"q": "lapiz", "page": "2"}
    assert got["body"] is None
    ident = got["identity"]
    assert ident["company_id"] == demo["company_id"] and ident["user_id"] is None
    assert ident["api_key_id"] is not None and ident["role"] is None and ident["request_id"] == "fwd-1"
    assert "inventory:write" in ident["scopes"]


async def test_forward_with_a_user_carries_user_role_and_role_scopes(client, gw_pool, demo, inventory):
    headers = await user_headers(gw_pool, client, demo["company_id"], "seller")
    resp = await client.get("/api/v1/inventory/stock?warehouse_id=3", headers=headers)
    assert resp.status_code == 200, resp.text
    ident = resp.json()["identity"]
    assert ident["role"] == "seller" and ident["user_id"] is not None and ident["api_key_id"] is None
    assert ident["company_id"] == demo["company_id"]
    assert set(ident["scopes"]) == {"sales:read", "sales:write", "inventory:read", "payments:read", "reports:read"}


async def test_service_status_and_error_body_pass_through(client, demo, inventory):
    key = {"X-API-Key": demo["api_key"]}
    created = await client.post("/api/v1/company/products", json={"name": "Lapiz"}, headers=key)
    assert created.status_code == 201 and created.json()["data"]["name"] == "Lapiz"
    missing = await client.delete("/api/v1/company/products/9", headers=key)
    assert missing.status_code == 404 and missing.json() == {"message": "Producto no encontrado."}


async def test_service_not_running_is_503_at_once(client, demo):
    started = time.monotonic()
    resp = await client.get("/api/v1/company/establishments", headers={"X-API-Key": demo["api_key"]})
    assert resp.status_code == 503 and "sequencing" in resp.json()["message"]
    assert time.monotonic() - started < 1.0 and resp.headers["Retry-After"]


async def test_service_not_answering_is_503_within_the_rpc_timeout(client, demo, gw_env):
    conn = await connect(gw_env["AMQP_URL"], "queue-without-consumer")
    await declare_rpc_queue(await plain_channel(conn), "documents")  # the queue exists; nobody consumes
    try:
        started = time.monotonic()
        resp = await client.get("/api/v1/company/customers", headers={"X-API-Key": demo["api_key"]})
        elapsed = time.monotonic() - started
    finally:
        await conn.close()
    assert resp.status_code == 503, resp.text
    assert resp.json() == {"message": "El servicio documents no respondió a tiempo. Intente nuevamente en "
                                      "unos segundos."}
    assert 0.9 < elapsed < 3  # RPC_TIMEOUT_SECONDS=1 for this gateway


async def test_idempotent_replay_and_409_on_a_different_body(client, demo, inventory):
    headers = {"X-API-Key": demo["api_key"], "Idempotency-Key": "create-lapiz-1"}
    first = await client.post("/api/v1/company/products", json={"name": "Borrador", "price": 1}, headers=headers)
    calls = inventory.calls["products.create"]
    again = await client.post("/api/v1/company/products", content=b'{ "price": 1, "name": "Borrador" }',
                              headers=headers)
    assert (again.status_code, again.json()) == (first.status_code, first.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert inventory.calls["products.create"] == calls
    other = await client.post("/api/v1/company/products", json={"name": "Otro"}, headers=headers)
    assert other.status_code == 409 and "distinta" in other.json()["message"]


async def test_the_key_and_a_call_id_of_its_own_travel_with_each_rpc(client, demo, inventory):
    headers = {"X-API-Key": demo["api_key"], "Idempotency-Key": "travels-1"}
    keyed = (await client.post("/api/v1/company/products", json={"name": "Viajero"}, headers=headers)).json()
    plain = (await client.post("/api/v1/company/products", json={"name": "Viajero"},
                               headers={"X-API-Key": demo["api_key"]})).json()
    assert (keyed["data"]["idempotency_key"], plain["data"]["idempotency_key"]) == ("travels-1", None)
    assert len({keyed["data"]["call_id"], plain["data"]["call_id"]}) == 2


async def test_same_key_of_another_principal_is_independent(client, gw_pool, demo, inventory):
    _, other_key = await make_key(gw_pool, demo["company_id"], ["inventory:write"])
    body = {"name": "Compartido"}
    one = await client.post("/api/v1/company/products", json=body,
                            headers={"X-API-Key": demo["api_key"], "Idempotency-Key": "shared-key"})
    two = await client.post("/api/v1/company/products", json=body,
                            headers={"X-API-Key": other_key, "Idempotency-Key": "shared-key"})
    assert one.status_code == two.status_code == 201
    assert one.json()["data"]["id"] != two.json()["data"]["id"] and "Idempotent-Replayed" not in two.headers


async def test_concurrent_duplicate_is_409_in_progress(client, demo, inventory):
    headers = {"X-API-Key": demo["api_key"], "Idempotency-Key": "slow-1"}
    body = {"name": "Lento", "sleep": 0.5}
    slow = asyncio.create_task(client.post("/api/v1/company/products", json=body, headers=headers))
    await asyncio.sleep(0.15)
    dup = await client.post("/api/v1/company/products", json=body, headers=headers)
    assert dup.status_code == 409 and dup.json()["message"].startswith("Solicitud en proceso")
    assert (await slow).status_code == 201


async def test_5xx_is_not_stored_so_the_client_can_retry(client, demo, inventory):
    headers = {"X-API-Key": demo["api_key"], "Idempotency-Key": "crash-1"}
    for attempt in (1, 2):
        resp = await client.post("/api/v1/company/inventory/movements", json={"qty": 1}, headers=headers)
        assert resp.status_code == 500 and resp.json() == {"message": "Error interno del servidor."}
        assert inventory.calls["movements.create"] == attempt


async def test_user_without_membership_cannot_reach_a_service(client, gw_pool, demo, inventory):
    _, email = await make_user(gw_pool)
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": "secreto-123"})
    headers = {"Authorization": f"Bearer {login.json()['token']}", "X-Company-Id": str(demo["company_id"])}
    assert (await client.get("/api/v1/products/1", headers=headers)).status_code == 403
