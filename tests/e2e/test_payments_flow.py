"""Collections end to end through the gateway (the full stack, payments included): the published
scenario of POST /payments (advance crossed, excess as a new advance, balance 0), GET /payments
with the selected document, the Select2 lookup, payment_status and the `paid` timeline event on
the document, reversal, the cancel guard of a sales order with payments, and the aging report
as JSON and CSV."""
from __future__ import annotations

import pytest

from shared.sri.timezone import today_ec
from tests import harness
from tests.e2e.stacks import created

pytestmark = pytest.mark.e2e


@pytest.fixture
def api(full_api):
    return full_api


@pytest.fixture(scope="module")
async def goods(full_api):
    """A service priced 40.00 + IVA 15% = 46.00 per unit, as the published figures."""
    return (await created(full_api, "/products", {"code": "SRV-46", "name": "Asesoría contable", "price": "40",
                                                  "tax_rate": 15, "tracks_stock": False}))["id"]


async def invoice_of_46(api, full_shop, goods) -> dict:
    data = await created(api, "/documents/invoices", {
        "warehouse_id": full_shop["warehouse"], "customer_id": full_shop["customer"],
        "items": [{"product_id": goods, "quantity": 1}]})
    assert data["total"] == 46, data
    return data


async def pay(api, body: dict, status: int = 201, key: str | None = None) -> dict:
    headers = {"Idempotency-Key": key} if key else {}
    resp = await api.post("/payments", json={"payment_date": today_ec().isoformat(), **body}, headers=headers)
    assert resp.status_code == status, resp.text
    return resp.json()


async def payment_status(api, doc_id: int, expected: str) -> dict:
    async def reached():
        doc = (await api.get(f"/documents/{doc_id}")).json()
        return doc if doc["payment_status"] == expected else None
    return await harness.eventually(reached, timeout=20, interval=0.1)


async def test_the_published_scenario(api, full_shop, goods):
    advance_source = await invoice_of_46(api, full_shop, goods)
    first = await pay(api, {"document_id": advance_source["id"], "amount": 51, "overpayment_mode": "advance"})
    assert first["data"]["created_advance_amount"] == 5 and first["data"]["balance_pending"] == 0, first

    doc = await invoice_of_46(api, full_shop, goods)
    await pay(api, {"document_id": doc["id"], "amount": 10, "payment_method": "transferencia"})
    selected = (await api.get("/payments", params={"document_id": doc["id"]})).json()["selected_document"]
    assert (selected["total"], selected["paid_amount"], selected["balance"]) == (46, 10, 36), selected
    assert selected["available_advance"] >= 5

    body = {"document_id": doc["id"], "amount": 40, "apply_advance_amount": 5, "overpayment_mode": "advance"}
    again = await pay(api, body, key="pay-published-1")
    assert again == await pay(api, body, key="pay-published-1")  # a retry applies once
    number = f"{doc['series']}-{doc['number']}"
    assert again["message"] == f"Pago registrado para {number}."
    data = again["data"]
    assert data["document"]["id"] == doc["id"] and data["document"]["status"] == "issued"
    assert (data["applied_advance_amount"], data["excess_amount"], data["created_advance_amount"],
            data["balance_pending"]) == (5, 9, 9, 0), data

    paid = await payment_status(api, doc["id"], "paid")
    assert paid["payment_status"] == "paid"
    events = (await api.get(f"/documents/{doc['id']}/events", params={"per_page": 100})).json()["data"]
    assert "paid" in [e["event"] for e in events]
    lookup = (await api.get("/payments/lookups/documents", params={"q": number})).json()
    assert lookup["results"] == [] and lookup["pagination"] == {"more": False}  # nothing left to collect


async def test_rules_and_reverse(api, full_shop, goods):
    doc = await invoice_of_46(api, full_shop, goods)
    number = f"{doc['series']}-{doc['number']}"
    for body, field in (({"document_id": doc["id"]}, "amount"),
                        ({"document_id": doc["id"], "amount": "1.001"}, "amount"),
                        ({"document_id": doc["id"], "amount": -1}, "amount"),
                        ({"document_id": doc["id"], "amount": 50}, "overpayment_mode")):
        errors = (await pay(api, body, status=422))["errors"]
        assert field in errors, (body, errors)
    part = await pay(api, {"document_id": doc["id"], "amount": "20.50"})
    await payment_status(api, doc["id"], "partial")
    lookup = (await api.get("/payments/lookups/documents", params={"q": number})).json()
    assert lookup["results"] == [{"id": doc["id"], "text": f"{number} | Cliente Demo | Saldo $25.50"}], lookup
    payment_id = part["data"]["payment_id"]
    assert (await api.get(f"/payments/{payment_id}")).status_code == 200
    assert (await api.post(f"/payments/{payment_id}/reverse", json={})).status_code in (200, 201)
    await payment_status(api, doc["id"], "pending")


async def test_a_sales_order_with_payments_cannot_be_cancelled(api, full_shop, goods):
    order = await created(api, "/documents/sales-orders", {
        "warehouse_id": full_shop["warehouse"], "customer_id": full_shop["customer"],
        "items": [{"product_id": goods, "quantity": 2}]})

    async def known():  # payments opens the receivable from documents' event
        resp = await api.get("/payments", params={"document_id": order["id"]})
        return resp.status_code == 200 and resp.json()["selected_document"]
    await harness.eventually(known, timeout=20, interval=0.1)
    await pay(api, {"document_id": order["id"], "amount": 10})
    resp = await api.post(f"/documents/{order['id']}/cancel")
    assert resp.status_code == 409 and "pagos" in resp.json()["message"], resp.text


async def test_aging_report_as_json_and_csv(api, full_shop, goods):
    await invoice_of_46(api, full_shop, goods)
    report = await api.get("/reports/receivables")
    assert report.status_code == 200, report.text
    assert any(row["name"] == "Cliente Demo" for row in report.json()["data"]), report.json()
    csv = await api.get("/reports/receivables", params={"format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Cliente Demo" in csv.content.decode("utf-8-sig")
