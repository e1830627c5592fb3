"""Registering a collection on a locked receivable: the one path of POST /payments and of an
invoice's initial payment (same rules, same arithmetic: domain/allocation.py).

Lock order, everywhere in payments: the receivable row (the caller holds it), then the
customer's advances in id order. So concurrent payments on one document run one after the
other, each on the balance the previous one left, and never take the same advance twice.
"""
from __future__ import annotations

from dataclasses import dataclass

from services.payments.db import advances, payments, receivables
from services.payments.domain import allocation
from services.payments.domain.allocation import Collection
from services.payments.domain.receivables import check_collectable, figures
from services.payments.process import notices
from shared.db.outbox import Outbox
from shared.db.rows import Row


@dataclass(frozen=True)
class Details:
    """The payment's free fields."""

    method: str | None = None
    reference: str | None = None
    notes: str | None = None
    initial: bool = False
    created_by: str | None = None


async def register(conn, outbox: Outbox, receivable: Row, c: Collection, details: Details) -> tuple[Row, Row]:
    """Apply the collection to the receivable (locked by the caller): (payment, receivable after).
    409/422 (ServiceError) when the rules refuse it; nothing is written then."""
    check_collectable(receivable)
    held = await advances.lock_available(conn, receivable["company_id"], receivable["customer_id"]) \
        if c.advance > 0 else []
    available = sum((r["remaining"] for r in held), allocation.ZERO)
    allocation.check_request(c, issue_date=receivable["issue_date"], available_advance=available)
    split = allocation.allocate(c, balance=receivable["balance"], has_customer=receivable["customer_id"] is not None)
    payment = await payments.insert(conn, receivable, split, payment_date=c.payment_date, method=details.method,
                                    reference=details.reference, notes=details.notes, initial=details.initial,
                                    created_by=details.created_by)
    company_id = receivable["company_id"]
    await advances.take(conn, company_id, payment["id"],
                        allocation.take_from_advances(split.applied_advance_amount, advances.as_list(held)))
    if split.created_advance_amount > 0:
        await advances.create(conn, company_id, receivable["customer_id"], split.created_advance_amount,
                              "overpayment", payment_id=payment["id"], document_id=receivable["document_id"])
    after = await receivables.save_figures(conn, receivable, figures(
        receivable["total"], receivable["paid_amount"] + split.applied_amount, receivable["credited_amount"]))
    await notices.receivable_updated(outbox, after, "payment_registered", payment["id"])
    await notices.payment_registered(outbox, payment, after)
    return payment, after
