"""`submissions.retry`: rejected or error -> back to the pipeline with the same key; in progress ->
try now; authorized -> 409."""
from __future__ import annotations

from datetime import datetime, timezone

from services.sri_submitter.db import submissions as db
from services.sri_submitter.domain.submission import ACTIVE
from shared.contracts.envelope import document_correlation
from shared.contracts.rpc import Conflict
from shared.contracts.sri_results import SubmissionProgressed
from shared.db.outbox import Outbox

ALREADY_AUTHORIZED = "El comprobante ya está autorizado."
RETRY_SCHEDULED = "Reenvío al SRI programado con la misma clave de acceso."
RETRY_NOW = "El comprobante ya está en proceso; se consultará al SRI de inmediato."


def scheduled(row, message: str) -> SubmissionProgressed:
    return SubmissionProgressed(document_id=row["document_id"], access_key=row["access_key"], step="retry_scheduled",
                                sri_status="pending", at=datetime.now(timezone.utc), detail=message,
                                sequence=row["event_seq"])


async def retry(conn, outbox: Outbox, row) -> tuple[db.Row, str]:
    """The submission (locked `row`) after the retry, and the message for the user."""
    if row["stage"] == "authorized":
        raise Conflict(ALREADY_AUTHORIZED)
    if row["stage"] in ACTIVE:
        row, message = await db.expedite(conn, row["id"]), RETRY_NOW
    else:
        row, message = await db.restart(conn, row["id"]), RETRY_SCHEDULED
        await outbox.add(scheduled(row, message), company_id=row["company_id"],
                         correlation_id=document_correlation(row["document_id"]))
    await db.notify_due(conn)
    return row, message
