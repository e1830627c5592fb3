"""Receivables from documents' events: opened when an invoice, sales order or debit note is recorded
(idempotent on the document), the payment registered at issue (an invoice's initial payment, a
sales order's deposit) applied through the same rules as POST /payments (once: the receivable is
recorded once), a converted sales order's payments moved onto its invoice.

A document cancelled (or guarded by receivables.close) before its recorded event was consumed
left a closed placeholder: the receivable is then born closed, and no initial payment applies.
"""
from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from services.payments.db import advances, payments, receivables
from services.payments.domain.allocation import Collection
from services.payments.domain.receivables import figures, move_payments
from services.payments.process import notices
from services.payments.process.collect import Details, register
from shared.contracts.documents.events import InvoiceRecorded, SalesOrderRecorded
from shared.contracts.rpc import ServiceError
from shared.db.outbox import Outbox
from shared.db.rows import Row

log = logging.getLogger(__name__)


def facts_of(msg) -> dict[str, Any]:
    """The receivable columns a *_recorded event gives."""
    return {"document_type": msg.document_type, "source_document_id": getattr(msg, "source_document_id", None),
            "series": msg.series, "customer_id": msg.customer_id, "customer_name": msg.customer_name,
            "customer_identification": msg.customer_identification,
            "issue_date": msg.issue_date, "due_date": msg.due_date, "currency": msg.currency, "total": msg.total}


async def open_receivable(conn, outbox: Outbox, company_id: int, msg) -> Row | None:
    """The receivable of a recorded document, version 1; None when it was recorded before."""
    row = await receivables.record(conn, company_id, msg.document_id, facts_of(msg))
    if row is None:
        return None
    row = await receivables.save_figures(conn, row, figures(row["total"], row["paid_amount"], row["credited_amount"]))
    await notices.receivable_updated(outbox, row, "opened")
    return row


async def document_recorded(conn, outbox: Outbox, company_id: int, msg: InvoiceRecorded | SalesOrderRecorded) -> None:
    """An invoice's or sales order's receivable; an invoice converting a sales order takes its payments;
    then the payment registered at issue (an invoice's initial payment, a sales order's deposit)."""
    row = await open_receivable(conn, outbox, company_id, msg)
    if row is None or row["status"] == "closed":
        return
    source = getattr(msg, "source_document_id", None)
    if msg.document_type == "invoice" and source is not None:
        row = await move_from_sales_order(conn, outbox, row, source)
    if msg.initial_payment:
        await initial_payment(conn, outbox, row, msg.initial_payment)


async def initial_payment(conn, outbox: Outbox, row: Row, paid: Mapping[str, Any]) -> None:
    """The payment registered at issue (documents checked it is within the total). An excess (only
    possible when a converted sales order's payments already paid part) becomes an advance, or a
    tip for consumidor final. Refused by the rules (e.g. nothing left to pay): logged, not applied."""
    c = Collection(payment_date=date.fromisoformat(str(paid.get("date") or row["issue_date"])),
                   amount=Decimal(str(paid.get("amount") or "0")),
                   mode="advance" if row["customer_id"] is not None else "tip")
    details = Details(method=paid.get("method") or "efectivo", reference=paid.get("reference"),
                      notes=paid.get("notes"), initial=True)
    try:
        async with conn.transaction():  # a savepoint: a refusal leaves the receivable as opened
            await register(conn, outbox, row, c, details)
    except ServiceError as exc:
        log.warning("initial payment not applied", extra={"fields": {
            "document_id": row["document_id"], "reason": exc.message}})


async def move_from_sales_order(conn, outbox: Outbox, invoice: Row, order_id: int) -> Row:
    """The sales order's applied payments now pay the invoice; the order's receivable closes (moved).
    An order payments does not know yet is closed in advance (born closed when its event comes)."""
    order = await receivables.placeholder(conn, invoice["company_id"], order_id)
    if order["status"] == "closed":
        return invoice
    moved = await payments.applied_on(conn, order["id"])
    plan = move_payments([(p["id"], p["applied_amount"]) for p in moved], invoice["balance"])
    kept = sum((m.applied_amount for m in plan), Decimal("0"))
    for payment, m in zip(moved, plan):
        await payments.move(conn, payment, invoice, m.applied_amount, await _surplus(conn, payment, m.surplus))
    order = await receivables.close(conn, order, "moved", invoice["document_id"],
                                    figures(order["total"], Decimal("0"), order["credited_amount"]))
    await notices.receivable_updated(outbox, order, "moved")
    if not moved:
        return invoice
    invoice = await receivables.save_figures(conn, invoice, figures(
        invoice["total"], invoice["paid_amount"] + kept, invoice["credited_amount"]))
    await notices.receivable_updated(outbox, invoice, "moved")
    return invoice


async def _surplus(conn, payment: Row, surplus: Decimal) -> dict[str, Any]:
    """Where a moved payment's part the invoice could not take goes: a customer advance, else a tip."""
    if surplus <= 0:
        return {}
    out: dict[str, Any] = {"excess_amount": payment["excess_amount"] + surplus}
    if payment["customer_id"] is None:
        out.update(tip_amount=payment["tip_amount"] + surplus, overpayment_mode=payment["overpayment_mode"] or "tip")
        return out
    await advances.create(conn, payment["company_id"], payment["customer_id"], surplus, "moved",
                          payment_id=payment["id"], document_id=payment["document_id"])
    out.update(created_advance_amount=payment["created_advance_amount"] + surplus,
               overpayment_mode=payment["overpayment_mode"] or "advance")
    return out
