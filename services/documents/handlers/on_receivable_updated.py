"""payments' events: the document's payment_status and its payments timeline (process/receivable.py)."""
from __future__ import annotations

from services.documents.db import documents as db
from services.documents.process import receivable, record
from shared.contracts.payments import ReceivableUpdated
from shared.db.inbox import Claim


async def on_receivable_updated(msg: ReceivableUpdated, *, conn, inbox: Claim, company_id: int | None) -> None:
    """payments.receivable_updated v1: payment_status from a newer version; timeline `payment_registered`,
    `paid`, `payment_reversed`, `credit_applied`, `debit_applied`, `payments_moved`."""
    row = await record.load(conn, inbox, ReceivableUpdated.TYPE, msg.document_id, company_id)
    if row is not None:
        seen = await db.receivable_versions_seen(conn, row["id"])
        await record.save(conn, None, row, receivable.on_receivable_updated(receivable.PaymentState.of(row, seen), msg))
