"""Receivables from documents' events on the real service: credit notes (excess -> advance, and
cancelled), reversals, a sales order's payments moved to its invoice, a cancel or a number that
arrives before the recorded event."""
from __future__ import annotations

from decimal import Decimal

import pytest

from shared.contracts.documents.events import (CreditNoteRecorded, DocumentCancelled, InvoiceRecorded,
                                               SalesOrderRecorded)
from tests.harness import eventually
from tests.payments.integration.conftest import fetch, next_document, numbered, payment, receivable, recorded

pytestmark = pytest.mark.integration


async def advances_of(pay_call, company: int, customer_id: int) -> dict:
    return (await pay_call("customers.advances", company_id=company, id=customer_id)).body


async def test_a_credit_note_above_the_balance_becomes_an_advance_and_cancelling_gives_it_back(
        bus, pay_call, pay_db, company):
    doc, note = next_document(), next_document()
    await bus.publish(recorded(InvoiceRecorded, doc, "100", customer_id=7), company_id=company)
    await receivable(pay_db, company, doc)
    assert (await pay_call("payments.create", company_id=company, body=payment(doc, 80))).status == 201
    await bus.publish(recorded(CreditNoteRecorded, note, "50", customer_id=7, source_document_id=doc),
                      company_id=company)
    row = await receivable(pay_db, company, doc, credited_amount=Decimal("20"))
    assert (row["balance"], row["payment_status"]) == (0, "paid")
    assert (await advances_of(pay_call, company, 7))["available_advance"] == "30.0000"
    update = (await bus.wait_for(company, "payments.receivable_updated", 3, document_id=doc))[-1]
    assert update.payload["cause"] == "credit_note" and update.payload["credited_amount"] == "20.00"

    await bus.publish(DocumentCancelled(document_id=note, document_type="credit_note"), company_id=company)
    row = await receivable(pay_db, company, doc, credited_amount=Decimal("0"))
    assert row["balance"] == Decimal("20") and row["payment_status"] == "partial"
    assert (await advances_of(pay_call, company, 7))["available_advance"] == "0.0000"


async def test_reverse_restores_the_balance_and_the_advances(bus, pay_call, pay_db, company):
    first, second = next_document(), next_document()
    for doc in (first, second):
        await bus.publish(recorded(InvoiceRecorded, doc, "30", customer_id=8), company_id=company)
        await receivable(pay_db, company, doc)
    over = await pay_call("payments.create", company_id=company, body=payment(first, 40, mode="advance"))
    assert over.body["data"]["created_advance_amount"] == 10
    using = await pay_call("payments.create", company_id=company, body=payment(second, 5, advance=4))
    assert using.status == 201 and using.body["data"]["balance_pending"] == 21

    blocked = await pay_call("payments.reverse", company_id=company, id=over.body["data"]["payment_id"])
    assert blocked.status == 409 and "$4.00" in blocked.body["message"]

    undone = await pay_call("payments.reverse", company_id=company, id=using.body["data"]["payment_id"],
                            body={"reason": "Cheque devuelto"})
    assert undone.status == 200 and undone.body["data"]["status"] == "reversed"
    assert undone.body["data"]["reverse_reason"] == "Cheque devuelto"
    row = await receivable(pay_db, company, second)
    assert (row["paid_amount"], row["balance"], row["payment_status"]) == (0, Decimal("30"), "pending")
    assert (await advances_of(pay_call, company, 8))["available_advance"] == "10.0000"
    again = await pay_call("payments.reverse", company_id=company, id=using.body["data"]["payment_id"])
    assert again.status == 409 and "ya fue revertido" in again.body["message"]

    assert (await pay_call("payments.reverse", company_id=company, id=over.body["data"]["payment_id"])).status == 200
    row = await receivable(pay_db, company, first)
    assert (row["paid_amount"], row["balance"]) == (0, Decimal("30"))
    assert (await advances_of(pay_call, company, 8))["available_advance"] == "0.0000"
    updates = await bus.wait_for(company, "payments.receivable_updated", 3, document_id=first)
    assert [u.payload["cause"] for u in updates] == ["opened", "payment_registered", "payment_reversed"]
    assert updates[-1].payload["payment_id"] == over.body["data"]["payment_id"]
    assert (await pay_call("payments.reverse", company_id=company, id=999_999_999)).status == 404


async def test_a_converted_sales_orders_payments_move_to_its_invoice(bus, pay_call, pay_db, company):
    order, doc = next_document(), next_document()
    deposit = {"amount": "20", "date": "2026-02-22", "method": "efectivo"}
    await bus.publish(recorded(SalesOrderRecorded, order, "50", initial_payment=deposit), company_id=company)
    await receivable(pay_db, company, order, paid_amount=Decimal("20"))
    assert (await pay_call("payments.create", company_id=company, body=payment(order, 10))).status == 201
    await bus.publish(recorded(InvoiceRecorded, doc, "40", customer_id=2, source_document_id=order),
                      company_id=company)
    closed = await receivable(pay_db, company, order, status="closed")
    assert (closed["closed_reason"], closed["moved_to_document_id"], closed["paid_amount"]) == ("moved", doc, 0)
    row = await receivable(pay_db, company, doc, paid_amount=Decimal("30"))
    assert row["balance"] == Decimal("10")
    moved = await fetch(pay_db, "SELECT * FROM payments WHERE document_id = $1 ORDER BY id", doc)
    assert [(p["origin_document_id"], p["applied_amount"]) for p in moved] == [(order, 20), (order, 10)]
    refused = await pay_call("payments.create", company_id=company, body=payment(order, 1))
    assert refused.status == 409 and "convertido" in refused.body["message"]


async def test_a_moved_payment_the_invoice_cannot_take_becomes_an_advance(bus, pay_call, pay_db, company):
    order, doc = next_document(), next_document()
    await bus.publish(recorded(SalesOrderRecorded, order, "50", customer_id=9), company_id=company)
    await receivable(pay_db, company, order)
    assert (await pay_call("payments.create", company_id=company, body=payment(order, 50))).status == 201
    await bus.publish(recorded(InvoiceRecorded, doc, "45", customer_id=9, source_document_id=order),
                      company_id=company)
    row = await receivable(pay_db, company, doc, paid_amount=Decimal("45"))
    assert row["payment_status"] == "paid"
    assert (await advances_of(pay_call, company, 9))["available_advance"] == "5.0000"


async def test_a_cancel_and_a_number_before_the_recorded_event(bus, pay_call, pay_db, company):
    cancelled, early = next_document(), next_document()
    closed = await pay_call("receivables.close", company_id=company,
                            body={"document_id": cancelled, "document_type": "invoice"})
    assert closed.status == 200
    initial = {"amount": "10", "date": "2026-02-22", "method": "efectivo"}
    await bus.publish(recorded(InvoiceRecorded, cancelled, "10", initial_payment=initial), company_id=company)
    row = await receivable(pay_db, company, cancelled)
    assert (row["status"], row["closed_reason"], row["paid_amount"]) == ("closed", "cancelled", 0)
    assert await fetch(pay_db, "SELECT * FROM payments WHERE document_id = $1", cancelled) == []

    await bus.publish(numbered(early, 321), company_id=company)
    await eventually(lambda: fetch(pay_db, "SELECT 1 FROM receivables WHERE document_id = $1", early))
    await bus.publish(recorded(InvoiceRecorded, early, "12"), company_id=company)
    row = await receivable(pay_db, company, early)
    assert (row["display_number"], row["number"], row["series"]) == ("001-001-000000321", 321, "001-001")
    reply = await pay_call("payments.create", company_id=company, body=payment(early, 2))
    assert reply.body["message"] == "Pago registrado para 001-001-000000321."


async def test_a_credit_note_before_its_invoice_waits_for_it(bus, pay_db, company):
    doc, note = next_document(), next_document()
    await bus.publish(recorded(CreditNoteRecorded, note, "4", source_document_id=doc), company_id=company)
    await bus.publish(recorded(InvoiceRecorded, doc, "10"), company_id=company)
    row = await receivable(pay_db, company, doc, credited_amount=Decimal("4"))
    assert row["balance"] == Decimal("6")
