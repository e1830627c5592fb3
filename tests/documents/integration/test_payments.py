"""documents and payments: the recorded events payments opens receivables from, payment_status
and the timeline from payments' ReceivableUpdated, and the cancel guard (fake payments, fakes.py)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest

from shared.contracts.envelope import utcnow
from shared.contracts.payments import ReceivableUpdated
from shared.sri.timezone import today_ec
from tests.documents.integration.helpers import SVC, consumed, documents_of, invoice, publish
from tests.harness import eventually

pytestmark = pytest.mark.integration
QUEUE = "documents.on_receivable_updated"


async def create(call, shop, method: str, **body) -> dict:
    body = {"items": [{"product_id": shop["service"], "quantity": 1}], **body}
    reply = await call(SVC, method, company_id=shop["company"], body=body)
    assert reply.status == 201, reply.body
    return reply.body["data"]


async def get(call, company: int, document_id: int) -> dict:
    return (await call(SVC, "documents.get", company_id=company, path_params={"id": str(document_id)})).body


async def timeline(call, company: int, document_id: int) -> list[str]:
    reply = await call(SVC, "documents.events", company_id=company, path_params={"id": str(document_id)})
    return [e["event"] for e in reply.body["data"]]


async def test_sales_orders_send_their_recorded_event_and_their_invoice_names_them(call, shop, fakes):
    broker = fakes[2]
    order = await create(call, shop, "sales_orders.create", initial_payment_amount="5", register_initial_payment=True)
    [recorded] = await broker.wait_for("documents.sales_order_recorded", order["id"])
    assert (recorded.payload["document_type"], D(recorded.payload["total"])) == ("sales_order", D("28.75"))
    assert D(recorded.payload["initial_payment"]["amount"]) == D("5")
    converted = (await invoice(call, shop, source_document_id=order["id"])).body["data"]
    [inv] = await broker.wait_for("documents.invoice_recorded", converted["id"])
    assert inv.payload["source_document_id"] == order["id"]

    second = await create(call, shop, "sales_orders.create")
    draft = (await invoice(call, shop, source_document_id=second["id"], submit_mode="draft")).body["data"]
    issued = await call(SVC, "documents.issue", company_id=shop["company"], path_params={"id": str(draft["id"])})
    assert issued.status == 200, issued.body
    [inv] = await broker.wait_for("documents.invoice_recorded", draft["id"])
    assert inv.payload["source_document_id"] == second["id"]  # issued later, it still names its sales order

    quotation = await create(call, shop, "quotations.create")
    await broker.wait_for("sequencing.allocate_number", quotation["id"])
    assert [t for t, sent in broker.sent.items() if t.endswith("_recorded")
            and any(e.payload["document_id"] == quotation["id"] for e in sent)] == []  # no receivable
    from_quotation = (await invoice(call, shop, source_document_id=quotation["id"])).body["data"]
    [inv] = await broker.wait_for("documents.invoice_recorded", from_quotation["id"])
    assert inv.payload["source_document_id"] is None


async def test_the_initial_payment_is_carried_in_the_invoices_recorded_event(call, shop, fakes):
    today = today_ec()
    created = (await invoice(call, shop, issue_date=str(today), register_initial_payment=True,
                             initial_payment_amount="10.50", initial_payment_method="transferencia",
                             initial_payment_reference="T-77")).body["data"]
    [recorded] = await fakes[2].wait_for("documents.invoice_recorded", created["id"])
    paid = recorded.payload["initial_payment"]
    assert (D(paid["amount"]), paid["date"], paid["method"], paid["reference"]) == (
        D("10.50"), str(today), "transferencia", "T-77")
    early = await invoice(call, shop, issue_date=str(today), register_initial_payment=True,
                          initial_payment_date=str(today - timedelta(days=1)))
    assert early.status == 422 and list(early.body["errors"]) == ["initial_payment_date"]


def updated(document_id: int, version: int, cause: str, status: str, paid: str, payment_id: int | None = None):
    return ReceivableUpdated(document_id=document_id, version=version, cause=cause, total=D("28.75"),
                             paid_amount=D(paid), balance=D("28.75") - D(paid), payment_status=status,
                             payment_id=payment_id, at=utcnow())


async def test_payment_status_follows_the_newest_receivable_version(call, shop, amqp_docs, documents):
    company = shop["company"]
    doc = (await invoice(call, shop)).body["data"]
    assert (await get(call, company, doc["id"]))["payment_status"] == "pending"
    before = consumed(documents, QUEUE)
    await publish(amqp_docs, updated(doc["id"], 1, "opened", "pending", "0"), company)
    await publish(amqp_docs, updated(doc["id"], 3, "payment_registered", "paid", "28.75", 11), company)

    async def paid():
        return (await get(call, company, doc["id"]))["payment_status"] == "paid" or None
    await eventually(paid)
    late = updated(doc["id"], 2, "payment_registered", "partial", "10", 10)  # older: only its timeline entry
    for msg in (late, late, updated(doc["id"], 3, "payment_registered", "paid", "28.75", 11)):
        await publish(amqp_docs, msg, company)
    await eventually(lambda: consumed(documents, QUEUE) >= before + 5 or None)
    assert (await get(call, company, doc["id"]))["payment_status"] == "paid"
    events = await timeline(call, company, doc["id"])
    assert [e for e in events if e in ("payment_registered", "paid")] == ["payment_registered", "paid",
                                                                          "payment_registered"]
    listed = await documents_of(call, company, payment_status="paid")
    assert [d["id"] for d in listed["data"]] == [doc["id"]] and listed["data"][0]["payment_status"] == "paid"
    await publish(amqp_docs, updated(doc["id"], 4, "payment_reversed", "partial", "10", 11), company)

    async def partial():
        return (await get(call, company, doc["id"]))["payment_status"] == "partial" or None
    await eventually(partial)
    assert (await timeline(call, company, doc["id"]))[-1] == "payment_reversed"


async def test_a_document_with_applied_payments_is_not_cancelled(call, shop, fakes, payments_fake):
    company, broker = shop["company"], fakes[2]
    doc = (await invoice(call, shop)).body["data"]
    payments_fake.paid.add(doc["id"])
    refused = await call(SVC, "documents.cancel", company_id=company, path_params={"id": str(doc["id"])})
    assert refused.status == 409 and refused.body["message"] == payments_fake.HAS_PAYMENTS
    assert payments_fake.calls[-1] == {"document_id": doc["id"], "document_type": "invoice"}
    assert (await get(call, company, doc["id"]))["status"] == "issued"
    assert "cancelled" not in await timeline(call, company, doc["id"])
    assert broker.for_document("documents.document_cancelled", doc["id"]) == []


async def test_payments_unreachable_is_503_and_a_retry_completes(call, shop, payments_fake):
    company = shop["company"]
    doc = (await invoice(call, shop)).body["data"]
    path = {"id": str(doc["id"])}
    payments_fake.silent.add(doc["id"])
    down = await call(SVC, "documents.cancel", company_id=company, path_params=path)
    assert down.status == 503 and "pagos" in down.body["message"] and "no se anuló" in down.body["message"]
    assert (await get(call, company, doc["id"]))["status"] == "issued"
    payments_fake.silent.discard(doc["id"])  # the late close may have happened: a retry closes again
    again = await call(SVC, "documents.cancel", company_id=company, path_params=path)
    assert again.status == 200 and again.body["data"]["status"] == "cancelled"
    assert payments_fake.asked(doc["id"]) == 2


async def test_only_issued_documents_with_a_receivable_ask_payments(call, shop, payments_fake):
    company = shop["company"]
    draft = (await invoice(call, shop, submit_mode="draft")).body["data"]
    quotation = await create(call, shop, "quotations.create")
    order = await create(call, shop, "sales_orders.create")
    for doc in (draft, quotation, order):
        reply = await call(SVC, "documents.cancel", company_id=company, path_params={"id": str(doc["id"])})
        assert reply.status == 200, reply.body
    assert [payments_fake.asked(d["id"]) for d in (draft, quotation, order)] == [0, 0, 1]
    assert payments_fake.calls[-1] == {"document_id": order["id"], "document_type": "sales_order"}
