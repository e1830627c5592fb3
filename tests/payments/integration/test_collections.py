"""POST /payments (payments.create) against the real service: the published scenario end to end,
the initial payment at issue, every refusal, documents payments does not know, the events out."""
from __future__ import annotations

from decimal import Decimal

import pytest

from shared.contracts.documents.events import DebitNoteRecorded, DocumentCancelled, InvoiceRecorded
from tests.harness import eventually
from tests.payments.integration.conftest import (fetch, next_document, numbered, payment, receivable,
                                                 recorded)
from tests.sequencing.integration.bus import consumed

pytestmark = pytest.mark.integration


async def test_the_published_scenario_end_to_end(bus, pay_call, pay_db, company):
    """Total 46 with 10 paid at issue (balance 36), an advance of 5 from an earlier overpayment;
    amount 40 + apply_advance_amount 5, mode advance: advance 5, direct 31, new advance 9, balance 0."""
    other, doc = next_document(), next_document()
    await bus.publish(recorded(InvoiceRecorded, other, "10"), company_id=company)
    await receivable(pay_db, company, other)
    first = await pay_call("payments.create", company_id=company, body=payment(other, 15, mode="advance"))
    assert first.status == 201 and first.body["data"]["created_advance_amount"] == 5

    await bus.publish(numbered(doc, 120), company_id=company)
    initial = {"amount": "10.00", "date": "2026-02-22", "method": "efectivo", "reference": None, "notes": None}
    await bus.publish(recorded(InvoiceRecorded, doc, "46", initial_payment=initial), company_id=company)
    row = await receivable(pay_db, company, doc, paid_amount=Decimal("10"), display_number="001-001-000000120")
    assert (row["balance"], row["payment_status"]) == (Decimal("36"), "partial")

    reply = await pay_call("payments.create", company_id=company,
                           body=payment(doc, 40, advance=5, mode="advance", payment_method="transferencia"))
    assert reply.status == 201, reply.body
    assert reply.body == {"message": "Pago registrado para 001-001-000000120.", "data": {
        "document": {"id": doc, "series": "001-001", "number": "000000120", "status": "issued"},
        "applied_advance_amount": 5, "excess_amount": 9, "created_advance_amount": 9, "balance_pending": 0,
        "payment_id": reply.body["data"]["payment_id"]}}
    row = await receivable(pay_db, company, doc)
    assert (row["paid_amount"], row["balance"], row["payment_status"]) == (Decimal("46"), 0, "paid")
    advances = await pay_call("customers.advances", company_id=company, id=2)
    assert advances.body["available_advance"] == "9.0000"
    assert [(a["amount"], a["remaining"], a["source"]) for a in advances.body["data"]] == [
        ("9.0000", "9.0000", "overpayment"), ("5.0000", "0.0000", "overpayment")]

    updates = await bus.wait_for(company, "payments.receivable_updated", 3, document_id=doc)
    assert [(u.payload["version"], u.payload["cause"]) for u in updates] == [
        (1, "opened"), (2, "payment_registered"), (3, "payment_registered")]
    registered = await bus.wait_for(company, "payments.payment_registered", 2, document_id=doc)
    assert registered[-1].payload["display_number"] == "001-001-000000120"
    assert registered[-1].payload["balance_pending"] == "0.00" and registered[-1].payload["payment_status"] == "paid"

    detail = await pay_call("payments.get", company_id=company, id=reply.body["data"]["payment_id"])
    assert detail.status == 200 and detail.body["applied_amount"] == "36.0000"
    assert detail.body["payment_method"] == "transferencia" and len(detail.body["advances_used"]) == 1
    assert (await pay_call("payments.get", company_id=company + 1, id=detail.body["id"])).status == 404


async def test_every_refusal(bus, pay_call, pay_db, company):
    doc = next_document()
    await bus.publish(recorded(InvoiceRecorded, doc, "36"), company_id=company)
    await receivable(pay_db, company, doc)

    async def refused(body) -> tuple[int, set]:
        reply = await pay_call("payments.create", company_id=company, body=body)
        return reply.status, set(reply.body.get("errors", {}))

    assert await refused(payment(doc)) == (422, {"amount"})
    assert await refused(payment(doc, 0, advance=0)) == (422, {"amount"})
    assert await refused(payment(doc, 1, advance=1)) == (422, {"apply_advance_amount"})
    assert await refused(payment(doc, 40)) == (422, {"overpayment_mode"})
    assert await refused(payment(doc, -1)) == (422, {"amount"})
    assert await refused(payment(doc, "1.001")) == (422, {"amount"})
    assert await refused(payment(doc, 1, on="2026-02-21")) == (422, {"payment_date"})
    assert await refused({"amount": 1}) == (422, {"document_id", "payment_date"})
    assert (await fetch(pay_db, "SELECT * FROM payments WHERE company_id = $1", company)) == []

    assert (await pay_call("payments.create", company_id=company, body=payment(doc, 36))).status == 201
    assert await refused(payment(doc, 1)) == (409, set())  # nothing left to pay

    cancelled = next_document()
    await bus.publish(recorded(InvoiceRecorded, cancelled, "10"), company_id=company)
    await receivable(pay_db, company, cancelled)
    await bus.publish(DocumentCancelled(document_id=cancelled, document_type="invoice"), company_id=company)
    await receivable(pay_db, company, cancelled, status="closed")
    reply = await pay_call("payments.create", company_id=company, body=payment(cancelled, 1))
    assert reply.status == 409 and "anulado" in reply.body["message"]


async def test_documents_payments_does_not_know(pay_call, documents_stub, company):
    draft, issued, quotation, unknown = (next_document() for _ in range(4))
    documents_stub.update({draft: {"id": draft, "type": "invoice", "status": "draft"},
                           issued: {"id": issued, "type": "invoice", "status": "issued"},
                           quotation: {"id": quotation, "type": "quotation", "status": "issued"}})
    answers = {}
    for doc in (draft, issued, quotation, unknown):
        reply = await pay_call("payments.create", company_id=company, body=payment(doc, 1))
        answers[doc] = (reply.status, reply.body["message"])
    assert answers[draft][0] == 409 and "borrador" in answers[draft][1]
    assert answers[issued][0] == 503 and "registrando" in answers[issued][1]  # retryable, same key
    assert answers[quotation][0] == 409 and "cotizaciones" in answers[quotation][1]
    assert answers[unknown][0] == 404


async def test_the_initial_payment_and_a_debit_note(bus, pay_db, payments, company):
    doc, note = next_document(), next_document()
    initial = {"amount": "46.00", "date": "2026-02-22", "method": "tarjeta_credito", "reference": "V-1", "notes": None}
    await bus.publish(recorded(InvoiceRecorded, doc, "46", initial_payment=initial), company_id=company)
    await bus.publish(recorded(DebitNoteRecorded, note, "5.75", source_document_id=doc), company_id=company)
    row = await receivable(pay_db, company, doc, payment_status="paid")
    assert row["paid_amount"] == Decimal("46")
    [paid] = await fetch(pay_db, "SELECT * FROM payments WHERE company_id = $1 AND document_id = $2", company, doc)
    assert paid["initial"] and paid["method"] == "tarjeta_credito" and paid["reference"] == "V-1"
    debit = await receivable(pay_db, company, note)
    assert (debit["document_type"], debit["balance"], debit["source_document_id"]) == ("debit_note", Decimal("5.75"),
                                                                                        doc)

    # the same event again (a new message id: documents published twice) opens nothing, pays nothing more
    before = consumed([payments], "payments.on_invoice_recorded", "ok")
    await bus.publish(recorded(InvoiceRecorded, doc, "46", initial_payment=initial), company_id=company)
    await eventually(lambda: consumed([payments], "payments.on_invoice_recorded", "ok") > before)
    assert len(await fetch(pay_db, "SELECT * FROM payments WHERE document_id = $1", doc)) == 1
    assert len(bus.of(company, "payments.receivable_updated", document_id=doc)) == 2
