"""Exactly once through the gateway: a retry with the same Idempotency-Key after the gateway
lost (or released, after a timeout or a 5xx) its own record is answered by the owning
service with what the first attempt created: no second invoice, number or stock movement.

The real gateway, sequencing, inventory and documents as processes, on a database and
vhost of their own (no sri-submitter: a queue stands in for it; documents waits until
"numbered").
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import asyncpg
import httpx
import pytest

from shared.messaging.connection import connect
from tests import harness
from tests.e2e.conftest import bootstrap
from tests.e2e.test_invoice_flow import created, sri_sink

pytestmark = pytest.mark.e2e
KEY = "ek_exactly1_" + "a" * 36
SERIES = {"type": "invoice", "series": "001-001"}


@pytest.fixture(scope="module")
async def stack(infra, service_env, start_service):
    name, env = await harness.isolated_env(infra, "e2eonce")
    amqp = await connect(env["AMQP_URL"], "e2e-exactly-once")
    await sri_sink(amqp)
    with ThreadPoolExecutor(4) as pool:  # the processes boot in parallel (each waits for its /readyz)
        tenant = pool.submit(bootstrap, {**service_env, **env}, key=KEY)
        booting = [pool.submit(start_service, svc, **env) for svc in ("sequencing", "inventory")]
        booting.append(pool.submit(start_service, "documents", **env, WAIT_UNTIL="numbered"))
        tenant = tenant.result()  # the gateway's schema is migrated by then
        procs = [job.result() for job in booting] + [start_service("gateway", **env, RATE_LIMIT_PER_MINUTE="0")]
    async with httpx.AsyncClient(base_url=procs[-1].url + "/api/v1/company", timeout=40,
                                 headers={"X-API-Key": tenant["api_key"]}) as api:
        yield {"api": api, "database_url": env["DATABASE_URL"]}
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda proc: proc.stop(), procs))
    await amqp.close()
    await harness.drop_env(infra, name)


@pytest.fixture(scope="module")
async def shop(stack):
    api = stack["api"]
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"})
    await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    product = (await created(api, "/products", {"code": "LAP", "name": "Lápiz", "price": "0.50", "tax_rate": 15}))["id"]
    return {"warehouse": warehouse, "product": product}


async def forget(stack, key: str) -> None:
    """What a gateway that lost its record (or released it after a timeout or a 5xx) has left: nothing."""
    conn = await asyncpg.connect(stack["database_url"])
    try:
        assert await conn.execute("DELETE FROM gateway.idempotency_keys WHERE key = $1", key) == "DELETE 1"
    finally:
        await conn.close()


async def state(api, shop) -> tuple:
    """(invoices recorded, next number of the series, stock of the product, movements)."""
    invoices = (await api.get("/documents", params={"type": "invoice"})).json()["total"]
    preview = (await api.get("/documents/sequence-preview", params=SERIES)).json()["next_number"]
    stock = (await api.get("/inventory/stock", params={"product_id": shop["product"]})).json()["data"]
    moves = (await api.get("/inventory/movements", params={"product_id": shop["product"]})).json()["meta"]["total"]
    return invoices, preview, [row["quantity"] for row in stock], moves


async def post_twice_forgetting_between(stack, path: str, body: dict, key: str) -> tuple[dict, dict]:
    api = stack["api"]
    first = await api.post(path, json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    await forget(stack, key)
    again = await api.post(path, json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers  # answered by the service, not the gateway's record
    return first.json(), again.json()


async def test_a_retry_the_gateway_forgot_is_answered_with_the_first_documents(stack, shop):
    api = stack["api"]
    stocked, restocked = await post_twice_forgetting_between(stack, "/inventory/movements", {
        "type": "adjustment_in", "warehouse_id": shop["warehouse"],
        "items": [{"product_id": shop["product"], "quantity": 100}]}, "stock-once-1")
    assert restocked["data"]["id"] == stocked["data"]["id"]
    assert await state(api, shop) == (0, "000000001", ["100.000"], 1)
    body = {"warehouse_id": shop["warehouse"], "items": [{"product_id": shop["product"], "quantity": 3}]}
    first, again = await post_twice_forgetting_between(stack, "/documents/invoices", body, "invoice-once-1")
    assert again["message"] == first["message"] == "Factura creada correctamente."
    assert again["data"]["id"] == first["data"]["id"] and again["data"]["number"] == first["data"]["number"]
    assert await state(api, shop) == (1, "000000002", ["97.000"], 2)  # one invoice, one number, stock moved once
    replayed = await api.post("/documents/invoices", json=body, headers={"Idempotency-Key": "invoice-once-1"})
    assert replayed.headers["Idempotent-Replayed"] == "true" and replayed.json()["data"]["id"] == first["data"]["id"]
    await forget(stack, "invoice-once-1")
    other = await api.post("/documents/invoices", json={**body, "reference": "otra"},
                           headers={"Idempotency-Key": "invoice-once-1"})
    assert other.status_code == 409 and other.json() == {
        "message": "La clave de idempotencia ya se usó con una solicitud distinta."}
    assert await state(api, shop) == (1, "000000002", ["97.000"], 2)
