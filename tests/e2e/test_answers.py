"""Every operation, called once with a valid request, answers what its model declares.

The gateway runs with ANSWER_CHECK=true (tests/conftest.py): it validates each JSON success answer
against its model in shared.contracts.answers and turns a mismatch into a 500. This module walks
the whole API as one new company would, on the full stack (SRI simulator, SMTP sink), including
the answers that vary with the query (report groupings, a receivables page with a selected
document, `/auth/me` for a user and for a key), and checks at the end that no operation of the
route table was left out.
"""
from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from services.gateway.openapi.endpoints import endpoints
from services.sri_submitter.certificates import devcert
from shared.contracts.answers.table import ANSWERS
from shared.sri.timezone import today_ec
from tests.e2e.conftest import bootstrap
from tests.e2e.stacks import PASSWORD
from tests.harness import eventually
from tests.renderer_mailer.unit.test_ride import PNG
from tests.renderer_mailer.webhook_receiver import Receiver

pytestmark = pytest.mark.e2e
RUC = "1790016919001"
KEY = "ek_answers0_" + "s" * 36
FILES = {"get_document_xml", "get_document_pdf"}  # not JSON: their 200 is checked, not a model


class Walk:
    """Calls the API and keeps the key of every operation that answered 2xx."""

    def __init__(self, api: httpx.AsyncClient, user: httpx.AsyncClient):
        self.api, self.user, self.covered = api, user, set()

    async def call(self, key: str, method: str, path: str, *, user: bool = False, status: int | None = None,
                   **kwargs) -> dict:
        resp = await (self.user if user else self.api).request(method, path, **kwargs)
        assert 200 <= resp.status_code < 300, (key, method, path, resp.status_code, resp.text)
        assert status is None or resp.status_code == status, (key, resp.status_code, resp.text)
        self.covered.add(key)
        return resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}


@pytest.fixture(scope="module")
async def walk(full_stack, service_env):
    tenant = bootstrap({**service_env, **full_stack.env}, ruc=RUC, key=KEY)
    base = full_stack.gateway.url + "/api/v1"
    async with httpx.AsyncClient(base_url=base + "/company", headers={"X-API-Key": KEY}, timeout=40) as api, \
            httpx.AsyncClient(base_url=base, timeout=40) as user:
        walker = Walk(api, user)
        login = await walker.call("login", "POST", "/auth/login", user=True,
                                  json={"email": tenant["user_email"], "password": "demo1234"})
        user.headers.update({"Authorization": f"Bearer {login['token']}", "X-Company-Id": str(tenant["company_id"])})
        yield walker


@pytest.fixture(scope="module")
async def receiver():
    started = await Receiver().start()
    yield started
    await started.stop()


async def test_every_operation_answers_its_model(walk: Walk, full_stack, receiver):
    c = walk.call
    today = str(today_ec())
    # the gateway's own: who am I (both kinds of credentials), the company, the files it takes
    await c("me", "GET", "/auth/me", user=True)
    await c("me", "GET", "/auth/me")
    await c("get_company", "GET", "/settings/company")
    # no automatic mail: the stack's SMTP sink is shared with test_mail_flow, which counts what arrives
    await c("put_company", "PUT", "/settings/company", json={"trade_name": "Respuestas", "auto_email": False})
    await c("put_certificate", "PUT", "/settings/certificate", data={"password": PASSWORD},
            files={"certificate": ("firma.p12", devcert.generate_p12(RUC, PASSWORD))})
    await c("certificates.get", "GET", "/settings/certificate")
    await c("put_logo", "PUT", "/settings/company/logo", files={"logo": ("logo.png", PNG, "image/png")})
    await c("logo.get", "GET", "/settings/company/logo")
    hook = (await c("webhooks.create", "POST", "/settings/webhooks",
                    json={"url": receiver.url("answers"), "events": ["document.created", "document.authorized"]}))

    # numbering
    est = (await c("establishments.create", "POST", "/establishments",
                   json={"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"}))["data"]
    await c("establishments.list", "GET", "/establishments")
    await c("establishments.get", "GET", f"/establishments/{est['id']}")
    point = (await c("points_of_sale.create", "POST", "/points-of-sale",
                     json={"establishment_id": est["id"], "code": "001"}))["data"]
    await c("points_of_sale.list", "GET", "/points-of-sale")
    await c("points_of_sale.get", "GET", f"/points-of-sale/{point['id']}")
    await c("points_of_sale.update", "PUT", f"/points-of-sale/{point['id']}", json={"name": "Caja 1"})
    await c("lookups.establishments", "GET", "/documents/lookups/establishments", params={"type": "invoice"})
    await c("lookups.points_of_sale", "GET", "/documents/lookups/points-of-sale",
            params={"establishment_id": est["id"]})
    await c("sequence.preview", "GET", "/documents/sequence-preview", params={"series": "001-001"})

    # the catalogue and stock
    warehouse = (await c("warehouses.create", "POST", "/warehouses", json={"code": "B1", "name": "Bodega"}))["data"]
    await c("warehouses.list", "GET", "/warehouses")
    await c("warehouses.get", "GET", f"/warehouses/{warehouse['id']}")
    await c("warehouses.update", "PUT", f"/warehouses/{warehouse['id']}", json={"address": "Guayaquil"})
    product = (await c("products.create", "POST", "/products",
                       json={"code": "LAP", "name": "Lapiz", "price": "0.50", "tax_rate": 15, "min_stock": 2}))["data"]
    service = (await c("products.create", "POST", "/products", json={
        "code": "SRV", "name": "Servicio", "price": "25", "tax_rate": 0, "tax_exemption": "exento",
        "tracks_stock": False}))["data"]
    spare = (await c("products.create", "POST", "/products", json={"code": "X", "name": "Otro", "price": 1}))["data"]
    await c("products.list", "GET", "/products")
    await c("products.get", "GET", f"/products/{product['id']}")
    await c("products.update", "PUT", f"/products/{product['id']}", json={"description": "HB"})
    await c("lookups.products", "GET", "/documents/lookups/products", params={"q": "la"})
    movement = (await c("movements.create", "POST", "/inventory/movements", json={
        "type": "adjustment_in", "warehouse_id": warehouse["id"], "reference": "inicial",
        "items": [{"product_id": product["id"], "quantity": 100, "unit_cost": "0.2"}]}))["data"]
    await c("movements.list", "GET", "/inventory/movements")
    await c("movements.get", "GET", f"/inventory/movements/{movement['id']}")
    await c("stock.list", "GET", "/inventory/stock")
    await c("kardex.get", "GET", f"/inventory/kardex/{product['id']}", params={"warehouse_id": warehouse["id"]})

    # customers
    customer = (await c("customers.create", "POST", "/customers", json={
        "identification_type": "cedula", "identification": "1710034065", "name": "Cliente Respuestas",
        "email": "cliente-respuestas@example.com", "phone": "0999999999", "address": "Quito"}))["data"]
    other = (await c("customers.create", "POST", "/customers", json={
        "identification_type": "pasaporte", "identification": "PAS-ANS", "name": "Otro"}))["data"]
    await c("customers.list", "GET", "/customers")
    await c("customers.get", "GET", f"/customers/{customer['id']}")
    await c("customers.update", "PUT", f"/customers/{customer['id']}", json={"phone": "022222222"})
    await c("lookups.customers", "GET", "/documents/lookups/customers", params={"q": "Cliente"})

    # sales documents, through the SRI simulator
    items = [{"product_id": product["id"], "quantity": 2}, {"product_id": service["id"], "quantity": 1,
                                                              "discount_rate": 10}]
    invoice = (await c("invoices.create", "POST", "/documents/invoices", status=201, json={
        "warehouse_id": warehouse["id"], "customer_id": customer["id"], "due_days": 30, "items": items}))["data"]
    assert invoice["sri_status"] == "authorized", invoice
    detail = await c("documents.get", "GET", f"/documents/{invoice['id']}")
    await c("documents.list", "GET", "/documents")
    await c("documents.events", "GET", f"/documents/{invoice['id']}/events")
    await c("submissions.get", "GET", f"/documents/{invoice['id']}/sri")
    await c("get_document_xml", "GET", f"/documents/{invoice['id']}/xml")

    async def pdf():
        resp = await walk.api.get(f"/documents/{invoice['id']}/pdf")
        return resp.status_code == 200
    await eventually(pdf, timeout=30, interval=0.3)
    walk.covered.add("get_document_pdf")
    await c("documents.email", "POST", f"/documents/{invoice['id']}/email",
            json={"recipients": ["contador-respuestas@example.com"]})

    async def mailed():  # arrived before the next module looks at the sink
        return any("contador-respuestas@example.com" in str(m["To"]) for m in full_stack.sink.parsed())
    await eventually(mailed, timeout=30, interval=0.3)
    await c("credit_notes.create", "POST", "/documents/credit-notes", json={
        "source_document_id": invoice["id"], "reason": "Devolución", "warehouse_id": warehouse["id"],
        "items": [{"source_line_id": detail["items"][0]["id"], "quantity": 1}]})
    await c("debit_notes.create", "POST", "/documents/debit-notes", json={
        "source_document_id": invoice["id"], "tax_rate": 15, "reasons": [{"reason": "Intereses", "amount": "1.25"}]})
    await c("sales_orders.create", "POST", "/documents/sales-orders?wait=0", json={
        "customer_id": customer["id"], "warehouse_id": warehouse["id"], "items": items})
    await c("quotations.create", "POST", "/documents/quotations?wait=0", json={
        "customer_id": customer["id"], "valid_until": str(today_ec() + timedelta(days=15)), "items": items})
    draft = (await c("invoices.create", "POST", "/documents/invoices?wait=0", json={
        "warehouse_id": warehouse["id"], "customer_id": other["id"], "submit_mode": "draft", "items": items}))["data"]
    await c("documents.issue", "POST", f"/documents/{draft['id']}/issue")
    dropped = (await c("invoices.create", "POST", "/documents/invoices?wait=0", json={
        "warehouse_id": warehouse["id"], "customer_id": other["id"], "submit_mode": "draft", "items": items}))["data"]
    await c("documents.cancel", "POST", f"/documents/{dropped['id']}/cancel", json={"reason": "Error de digitación"})
    # a DEVUELTA (the simulator's fault for the next new key), then the retry
    httpx.post(f"{full_stack.sim.url}/_sim/faults", json={"spec": "devuelta_once:52"}, timeout=5).raise_for_status()
    try:
        returned = (await c("invoices.create", "POST", "/documents/invoices", json={
            "warehouse_id": warehouse["id"], "customer_id": customer["id"], "items": items}))["data"]
    finally:
        httpx.post(f"{full_stack.sim.url}/_sim/faults", json={"spec": ""}, timeout=5).raise_for_status()
    assert returned["sri_status"] == "rejected", returned
    await c("submissions.retry", "POST", f"/documents/{returned['id']}/sri/retry")

    # collections: a payment larger than the balance leaves an advance
    async def receivable():
        resp = await walk.api.get("/payments", params={"document_id": invoice["id"]})
        return resp.status_code == 200 and resp.json()["selected_document"] is not None
    await eventually(receivable, timeout=20, interval=0.2)
    await c("payments.list", "GET", "/payments", params={"document_id": invoice["id"]})
    await c("payments.list", "GET", "/payments")
    paid = (await c("payments.create", "POST", "/payments", json={
        "document_id": invoice["id"], "payment_date": today, "amount": "100.00", "overpayment_mode": "advance",
        "payment_method": "efectivo", "notes": "pago total"}))["data"]
    await c("lookups.documents", "GET", "/payments/lookups/documents")
    await c("customers.advances", "GET", f"/customers/{customer['id']}/advances")
    payments = (await c("payments.list", "GET", "/payments", params={"document_id": invoice["id"]}))
    payment_id = payments["recent_payments"][0]["id"] if payments["recent_payments"] else paid.get("payment_id")
    await c("payments.get", "GET", f"/payments/{payment_id}")
    await c("payments.reverse", "POST", f"/payments/{payment_id}/reverse", json={"reason": "Cheque devuelto"})

    # reports, in every grouping
    for group_by in ("day", "month", "customer", "product"):
        await c("reports.sales", "GET", "/reports/sales", params={"group_by": group_by})
    await c("reports.taxes", "GET", "/reports/taxes")
    await c("reports.inventory", "GET", "/reports/inventory")
    await c("reports.receivables", "GET", "/reports/receivables")
    await c("reports.receivables", "GET", "/reports/receivables", params={"customer_id": customer["id"]})

    # webhooks: the deliveries of the documents above, one replayed
    hook_id = hook["data"]["id"]
    await c("webhooks.list", "GET", "/settings/webhooks")

    async def delivery():
        listed = (await walk.api.get(f"/settings/webhooks/{hook_id}/deliveries")).json()["data"]
        return listed[0]["id"] if listed else None
    delivery_id = await eventually(delivery, timeout=30, interval=0.2)
    await c("webhooks.deliveries", "GET", f"/settings/webhooks/{hook_id}/deliveries")
    await c("webhooks.replay", "POST", f"/settings/webhooks/{hook_id}/deliveries/{delivery_id}/replay")

    # keys and users
    key = (await c("create_api_key", "POST", "/settings/api-keys", json={"name": "ERP", "scopes": ["sales:read"]}))
    await c("list_api_keys", "GET", "/settings/api-keys")
    await c("revoke_api_key", "DELETE", f"/settings/api-keys/{key['data']['id']}")
    member = (await c("add_user", "POST", "/settings/users", json={
        "email": "cajero-respuestas@example.com", "name": "Cajero", "password": "cajero-secreto-1",
        "role": "cashier"}))["data"]
    await c("list_users", "GET", "/settings/users")
    await c("update_user", "PUT", f"/settings/users/{member['id']}", json={"role": "seller"})
    await c("remove_user", "DELETE", f"/settings/users/{member['id']}")

    # deletes last
    await c("customers.delete", "DELETE", f"/customers/{other['id']}")
    await c("products.delete", "DELETE", f"/products/{spare['id']}")
    await c("webhooks.delete", "DELETE", f"/settings/webhooks/{hook_id}")
    await c("logout", "POST", "/auth/logout", user=True)

    every = {ep.key for ep in endpoints()}
    assert every - walk.covered == set(), "operations this walk did not call"
    assert every - FILES - ANSWERS.keys() == set(), "operations without an answer model"
