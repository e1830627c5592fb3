"""Concurrency and exactly-once on the real service: 20 payments at once on one document, retries
with the same Idempotency-Key, and the cancel guard racing a payment."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from shared.contracts.documents.events import InvoiceRecorded
from tests.payments.integration.conftest import fetch, next_document, payment, receivable, recorded

pytestmark = pytest.mark.integration


async def invoice(bus, pay_db, company: int, total: str, **extra) -> int:
    doc = next_document()
    await bus.publish(recorded(InvoiceRecorded, doc, total, **extra), company_id=company)
    await receivable(pay_db, company, doc)
    return doc


async def invariant(pay_db, company: int, doc: int):
    """sum(applied) of the applied payments == paid_amount, and the balance never below zero."""
    [row] = await fetch(pay_db, "SELECT * FROM receivables WHERE company_id = $1 AND document_id = $2", company, doc)
    applied = await fetch(pay_db, "SELECT applied_amount FROM payments WHERE document_id = $1 AND status = 'applied'",
                          doc)
    assert sum((p["applied_amount"] for p in applied), Decimal("0")) == row["paid_amount"]
    assert row["balance"] >= 0 and row["balance"] == row["total"] - row["paid_amount"] - row["credited_amount"]
    return row, len(applied)


async def test_twenty_concurrent_payments_on_one_document(bus, pay_call, pay_db, company):
    doc = await invoice(bus, pay_db, company, "100")
    replies = await asyncio.gather(*(pay_call("payments.create", company_id=company, body=payment(doc, 7))
                                     for _ in range(20)))
    statuses = sorted(r.status for r in replies)
    assert statuses == [201] * 14 + [422] * 6, [r.body for r in replies if r.status != 201]
    row, applied = await invariant(pay_db, company, doc)
    assert (applied, row["paid_amount"], row["balance"]) == (14, Decimal("98"), Decimal("2"))
    assert sorted(r.body["data"]["balance_pending"] for r in replies if r.status == 201) == list(range(2, 100, 7))


async def test_concurrent_payments_with_a_mode_take_the_last_cent_once(bus, pay_call, pay_db, company):
    doc = await invoice(bus, pay_db, company, "100")
    replies = await asyncio.gather(*(pay_call("payments.create", company_id=company,
                                              body=payment(doc, 7, mode="tip", payment_method=method))
                                     for method in ("efectivo", "transferencia", "cheque", "tarjeta") * 5))
    assert sorted(r.status for r in replies) == [201] * 15 + [409] * 5
    tips = [r.body["data"]["excess_amount"] for r in replies if r.status == 201]
    assert sorted(tips) == [0] * 14 + [5]
    row, applied = await invariant(pay_db, company, doc)
    assert (applied, row["balance"], row["payment_status"]) == (15, 0, "paid")


async def test_the_same_idempotency_key_applies_once(bus, pay_call, pay_db, company):
    doc = await invoice(bus, pay_db, company, "50")
    body = payment(doc, 10)
    first = await pay_call("payments.create", company_id=company, body=body, idempotency_key="k-1")
    again = await pay_call("payments.create", company_id=company, body=body, idempotency_key="k-1")
    assert first.status == again.status == 201 and first.body == again.body
    racing = await asyncio.gather(*(pay_call("payments.create", company_id=company, body=payment(doc, 5),
                                             idempotency_key="k-2") for _ in range(5)))
    assert {r.status for r in racing} == {201} and len({r.body["data"]["payment_id"] for r in racing}) == 1
    other = await pay_call("payments.create", company_id=company, body=payment(doc, 11), idempotency_key="k-1")
    assert other.status == 409
    row, applied = await invariant(pay_db, company, doc)
    assert (applied, row["paid_amount"]) == (2, Decimal("15"))


async def test_the_cancel_guard_and_a_payment_racing_exactly_one_wins(bus, pay_call, pay_db, company):
    for _ in range(6):
        doc = await invoice(bus, pay_db, company, "10")
        paid, closed = await asyncio.gather(
            pay_call("payments.create", company_id=company, body=payment(doc, 10)),
            pay_call("receivables.close", company_id=company, body={"document_id": doc, "document_type": "invoice"}))
        assert sorted([paid.status, closed.status]) in ([200, 409], [201, 409]), (paid.body, closed.body)
        row, applied = await invariant(pay_db, company, doc)
        if paid.status == 201:
            assert "revierta los pagos" in closed.body["message"] and row["status"] == "open" and applied == 1
        else:
            assert "anulado" in paid.body["message"] and row["status"] == "closed" and applied == 0
        again = await pay_call("receivables.close", company_id=company, body={"document_id": doc})
        assert again.status == closed.status  # idempotent either way
