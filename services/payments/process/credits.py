"""Credit notes on the receivable of their source invoice (once per credit note).

The note credits the invoice up to its open balance; the excess becomes an advance of the
invoice's customer (source credit_note), or stays unapplied for a consumidor final (refunded
outside the platform: logged). A cancelled credit note gives the credit back to the invoice
and voids its advance (receivables.close refuses while that advance is partly used).
"""
from __future__ import annotations

import logging
from decimal import Decimal

from services.payments.db import advances, credits, receivables
from services.payments.domain.allocation import ZERO
from services.payments.domain.receivables import credit_split, figures
from services.payments.domain.reversal import check_credit_cancellable
from services.payments.process import notices
from shared.contracts.documents.events import CreditNoteRecorded
from shared.db.outbox import Outbox
from shared.db.rows import Row

log = logging.getLogger(__name__)


class SourceNotRecorded(RuntimeError):
    """The credited invoice's recorded event has not been consumed yet: retry the message later."""


async def credit_note_recorded(conn, outbox: Outbox, company_id: int, msg: CreditNoteRecorded) -> None:
    invoice = await receivables.lock(conn, company_id, msg.source_document_id)
    if invoice is None or not invoice["recorded"]:
        raise SourceNotRecorded(f"credit note {msg.document_id}: invoice {msg.source_document_id} not recorded yet")
    if await credits.lock(conn, company_id, msg.document_id) is not None:
        return  # applied before
    own = await receivables.get(conn, company_id, msg.document_id)
    if own is not None and own["status"] == "closed":  # cancelled (receivables.close) before this event
        await credits.insert(conn, company_id, msg.document_id, msg.source_document_id, receivable_id=invoice["id"],
                             issue_date=msg.issue_date, amount=msg.total, credited=ZERO, advance_id=None,
                             unapplied=ZERO, cancelled=True)
        return
    credited, excess = credit_split(msg.total, invoice["balance"])
    advance = None
    if excess > 0 and invoice["customer_id"] is not None:
        advance = await advances.create(conn, company_id, invoice["customer_id"], excess, "credit_note",
                                        document_id=msg.document_id)
    elif excess > 0:
        log.warning("credit note excess for consumidor final left unapplied",
                    extra={"fields": {"document_id": msg.document_id, "excess": str(excess)}})
    await credits.insert(conn, company_id, msg.document_id, msg.source_document_id, receivable_id=invoice["id"],
                         issue_date=msg.issue_date, amount=msg.total, credited=credited,
                         advance_id=advance["id"] if advance else None, unapplied=excess if advance is None else ZERO)
    if credited > 0:
        await _credit(conn, outbox, invoice, credited)


async def _credit(conn, outbox: Outbox, invoice: Row, delta: Decimal) -> None:
    """The invoice's credited amount changes by `delta` (negative: a credit given back)."""
    after = await receivables.save_figures(conn, invoice, figures(
        invoice["total"], invoice["paid_amount"], invoice["credited_amount"] + delta))
    await notices.receivable_updated(outbox, after, "credit_note")


async def cancel_credit(conn, outbox: Outbox, company_id: int, credit_note_id: int, *, guard: bool) -> bool:
    """Give a cancelled credit note's credit back; False when payments never saw the note. `guard`
    (receivables.close): 409 while its advance is partly used; else (documents.document_cancelled,
    the fact) what is left of it is voided. Locks the invoice's receivable first, as everywhere."""
    seen = await credits.get(conn, company_id, credit_note_id)
    if seen is None:
        return False
    invoice = await receivables.lock(conn, company_id, seen["source_document_id"])
    application = await credits.lock(conn, company_id, credit_note_id)
    if application["status"] == "cancelled":
        return True
    advance = await advances.lock(conn, application["advance_id"]) if application["advance_id"] else None
    if guard:
        check_credit_cancellable(advance)
    elif advance is not None and advance["remaining"] < advance["amount"]:
        log.warning("cancelled credit note's advance was already used", extra={"fields": {
            "credit_note_id": credit_note_id, "used": str(advance["amount"] - advance["remaining"])}})
    if advance is not None:
        await advances.void(conn, advance["id"])
    await credits.cancel(conn, application["id"])
    if application["credited_amount"] > 0:
        await _credit(conn, outbox, invoice, -application["credited_amount"])
    return True
