"""Invoices to the SRI end to end through the gateway: the real gateway, documents, inventory,
sequencing, sri_submitter and the SRI simulator as processes, on a database and vhost of their own.

The certificate is uploaded through the gateway (multipart); an invoice is issued with
POST /documents/invoices and reaches `authorized` (documents applies sri_submitter's events);
injected faults (the simulator's global spec) still end authorized exactly once; a DEVUELTA
ends `rejected` and POST /documents/{id}/sri/retry authorizes it with the same key.
"""
from __future__ import annotations

import httpx
import pytest

from services.sri_submitter import devcert
from tests import harness
from tests.e2e.conftest import bootstrap
from tests.sri_submitter.integration.support import Simulator, drop_env, isolated_env, submitter_env

pytestmark = pytest.mark.e2e
KEY = "ek_sriflow0_" + "s" * 36
RUC = "1792146739001"
PASSWORD = "demo-firma"


@pytest.fixture(scope="module")
async def stack(infra, service_env, start_service, log_dir, tmp_path_factory):
    name, env = await isolated_env(infra, "e2esri")
    tenant = bootstrap({**service_env, **env}, ruc=RUC, key=KEY)
    sim = Simulator(log_dir, harness.free_port()).start()
    files = tmp_path_factory.mktemp("e2e-files")
    procs = [start_service(svc, **env) for svc in ("sequencing", "inventory", "documents")]
    procs.append(start_service("sri_submitter", **env, **submitter_env(sim, files)))
    procs.append(start_service("gateway", **env, RATE_LIMIT_PER_MINUTE="0"))
    yield {"tenant": tenant, "gateway": procs[-1], "sim": sim, "files": files}
    for proc in procs:
        proc.stop()
    sim.stop()
    await drop_env(infra, name)


@pytest.fixture(scope="module")
async def api(stack):
    async with httpx.AsyncClient(base_url=stack["gateway"].url + "/api/v1/company", timeout=40,
                                 headers={"X-API-Key": stack["tenant"]["api_key"]}) as client:
        yield client


async def created(api: httpx.AsyncClient, path: str, body: dict) -> dict:
    resp = await api.post(path, json=body)
    assert resp.status_code == 201, (path, resp.text)
    return resp.json()["data"]


@pytest.fixture(scope="module")
async def shop(api):
    """A signing certificate uploaded through the gateway, series 001-001, a service, a customer."""
    resp = await api.put("/settings/certificate", data={"password": PASSWORD},
                         files={"certificate": ("firma.p12", devcert.generate_p12(RUC, PASSWORD))})
    assert resp.status_code == 200 and resp.json()["data"]["ruc"] == RUC, resp.text
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"})
    await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    product = (await created(api, "/products", {"code": "SRV", "name": "Servicio de soporte", "price": "25",
                                                "tax_rate": 15, "tracks_stock": False}))["id"]
    customer = await created(api, "/customers", {"identification_type": "cedula", "identification": "1710034065",
                                                 "name": "Cliente Demo", "email": "cliente@example.com"})
    return {"warehouse": warehouse, "product": product, "customer": customer["id"]}


async def issue(api, shop) -> dict:
    return await created(api, "/documents/invoices", {
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["product"], "quantity": 2}]})


async def settled(api, doc_id: int) -> dict:
    """GET /documents/{id} once documents recorded a final SRI answer."""
    async def final():
        body = (await api.get(f"/documents/{doc_id}")).json()
        return body if body.get("sri_status") in ("authorized", "rejected", "error") else None
    return await harness.eventually(final, timeout=25, interval=0.2)


def faults(stack, spec: str) -> None:
    httpx.post(f"{stack['sim'].url}/_sim/faults", json={"spec": spec}, timeout=5).raise_for_status()


async def issued_under(api, shop, stack, spec: str) -> tuple[int, dict]:
    """An invoice issued while the simulator plays `spec` for every new key; its settled detail."""
    faults(stack, spec)
    try:
        data = await issue(api, shop)
        return data["id"], await settled(api, data["id"])
    finally:
        faults(stack, "")


async def test_invoice_is_authorized_through_the_gateway(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "")
    assert doc["sri_status"] == "authorized", doc
    sri = (await api.get(f"/documents/{doc_id}/sri")).json()
    key = sri["access_key"]
    assert sri["status"] == "authorized" and sri["authorization_number"] == key
    assert [m["code"] for m in sri["messages"]] == ["SRI_TEST_ENVIRONMENT"]
    xml = await api.get(f"/documents/{doc_id}/xml")
    assert xml.status_code == 200 and xml.headers["Content-Type"].startswith("application/xml")
    assert f"<claveAcceso>{key}</claveAcceso>" in xml.text and "<ds:Signature" in xml.text
    assert (stack["files"] / sri["xml_path"]).read_text() == xml.text
    assert stack["sim"].state(key)["accepted"] == 1


@pytest.mark.parametrize("spec", ["http500_once", "drop_once", "lost_once"])
async def test_fault_then_authorized_exactly_once(api, shop, stack, spec):
    doc_id, doc = await issued_under(api, shop, stack, spec)
    assert doc["sri_status"] == "authorized", doc
    sri = (await api.get(f"/documents/{doc_id}/sri")).json()
    state = stack["sim"].state(sri["access_key"])
    assert (state["accepted"], state["authorized"]) == (1, 1) and state["receptions"] >= 1
    assert any(a["estado"] == "ERROR" for a in sri["attempts"])


async def test_devuelta_then_retry_with_the_same_key(api, shop, stack):
    doc_id, doc = await issued_under(api, shop, stack, "devuelta_once:52")
    assert doc["sri_status"] == "rejected", doc
    sri = (await api.get(f"/documents/{doc_id}/sri")).json()
    assert sri["rejection"] == "returned" and sri["messages"][0]["code"] == "SRI_ARITHMETIC"
    retry = await api.post(f"/documents/{doc_id}/sri/retry")
    assert retry.status_code == 200, retry.text

    async def authorized():
        body = (await api.get(f"/documents/{doc_id}/sri")).json()
        return body["status"] == "authorized" and body
    again = await harness.eventually(authorized, timeout=20, interval=0.2)
    assert again["access_key"] == sri["access_key"]
    assert (await settled(api, doc_id))["sri_status"] == "authorized"
    assert (await api.post(f"/documents/{doc_id}/sri/retry")).status_code == 409
