"""Closing a document's receivable: the cancel guard (RPC receivables.close, which documents calls
before it cancels) and documents.document_cancelled (the fact, closing whatever the guard did not).

The guard and a payment on the same document both lock the receivable row, so exactly one of a
racing cancel and payment wins: the payment first -> the guard answers 409 (applied payments);
the guard first -> the receivable is closed and the payment answers 409. A document payments
does not know yet gets a closed placeholder: its receivable is born closed when the recorded
event arrives. Idempotent: closing a closed receivable answers 200 again.
"""
from __future__ import annotations

from services.payments.db import receivables
from services.payments.domain.receivables import HAS_PAYMENTS_MESSAGE
from services.payments.process import notices
from services.payments.process.credits import cancel_credit
from shared.contracts.rpc import Conflict
from shared.db.outbox import Outbox

NO_RECEIVABLE = frozenset({"quotation"})


async def close(conn, outbox: Outbox, company_id: int, document_id: int, document_type: str | None) -> None:
    """The guard: 409 when the document has applied payments (or its credit note's advance was used)."""
    if document_type in NO_RECEIVABLE:
        return
    if document_type in (None, "credit_note") and await cancel_credit(conn, outbox, company_id, document_id,
                                                                      guard=True):
        return
    row = await receivables.placeholder(conn, company_id, document_id)
    if row["status"] == "closed":
        return
    if await receivables.has_applied_payments(conn, row["id"]):
        raise Conflict(HAS_PAYMENTS_MESSAGE)
    row = await receivables.close(conn, row, "cancelled")
    await notices.receivable_updated(outbox, row, "closed")


async def cancelled(conn, outbox: Outbox, company_id: int, document_id: int, document_type: str) -> None:
    """documents.document_cancelled: the credit given back, or the receivable closed (a placeholder if
    the recorded event is still on its way). documents asks the guard first, so the receivable has no
    applied payments here; were there any, they stay applied (a reversal gives them back)."""
    if document_type == "credit_note":
        if not await cancel_credit(conn, outbox, company_id, document_id, guard=False):
            await _closed_placeholder(conn, company_id, document_id)
        return
    if document_type in NO_RECEIVABLE:
        return
    row = await receivables.placeholder(conn, company_id, document_id)
    if row["status"] != "closed":
        row = await receivables.close(conn, row, "cancelled")
        await notices.receivable_updated(outbox, row, "closed")


async def _closed_placeholder(conn, company_id: int, document_id: int) -> None:
    """A credit note cancelled before payments saw it: its recorded event will find it closed."""
    row = await receivables.placeholder(conn, company_id, document_id)
    if row["status"] != "closed":
        await receivables.close(conn, row, "cancelled")
