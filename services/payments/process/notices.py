"""What payments publishes (through the outbox, in the change's transaction): ReceivableUpdated on
every change of a recorded receivable's figures or state, PaymentRegistered per applied payment."""
from __future__ import annotations

from datetime import datetime, timezone

from shared.contracts.payments import PaymentRegistered, ReceivableUpdated
from shared.db.outbox import Outbox
from shared.db.rows import Row


async def receivable_updated(outbox: Outbox, row: Row, cause: str, payment_id: int | None = None) -> None:
    """The receivable's figures now (its row after the change: version already + 1)."""
    if not row["recorded"]:
        return  # a placeholder: nothing documents knows about yet
    await outbox.add(ReceivableUpdated(
        document_id=row["document_id"], version=row["version"], cause=cause, total=row["total"],
        paid_amount=row["paid_amount"], credited_amount=row["credited_amount"], balance=row["balance"],
        payment_status=row["payment_status"], payment_id=payment_id, at=datetime.now(timezone.utc)),
        company_id=row["company_id"])


async def payment_registered(outbox: Outbox, payment: Row, receivable: Row) -> None:
    await outbox.add(PaymentRegistered(
        payment_id=payment["id"], document_id=receivable["document_id"], document_type=receivable["document_type"],
        display_number=receivable["display_number"], customer_id=receivable["customer_id"],
        payment_date=payment["payment_date"], method=payment["method"], amount=payment["amount"],
        applied_advance_amount=payment["applied_advance_amount"], excess_amount=payment["excess_amount"],
        overpayment_mode=payment["overpayment_mode"], created_advance_amount=payment["created_advance_amount"],
        balance_pending=payment["balance_after"], payment_status=receivable["payment_status"],
        registered_at=payment["created_at"]), company_id=receivable["company_id"])
