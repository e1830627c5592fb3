"""The SRI's results (sri-submitter's events): load the document, apply the issuance transition, save.

An event older than the last one applied (its `sequence`) changes nothing, and an
authorized document stays authorized (process/issuance.py); the authorization asks for
the RIDE and the automatic mail once (process/delivery.py).
"""
from __future__ import annotations

from services.documents.process import issuance, record
from services.documents.process.issuance import IssuanceState
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SubmissionProgressed
from shared.db.inbox import Claim
from shared.db.outbox import Outbox


async def on_sri_progressed(msg: SubmissionProgressed, *, conn, inbox: Claim, company_id: int | None) -> None:
    """sri.submission_progressed v1: signed, sent, received, returned, polled, retry_scheduled, error."""
    row = await record.load(conn, inbox, SubmissionProgressed.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, issuance.on_sri_progressed(IssuanceState.of(row), msg))


async def on_sri_authorized(msg: DocumentAuthorized, *, conn, inbox: Claim, outbox: Outbox,
                            company_id: int | None) -> None:
    """sri.document_authorized v1: authorization number and time, the authorized XML's path; then
    `renderer.render_and_mail` (with the automatic mail when it is pending)."""
    row = await record.load(conn, inbox, DocumentAuthorized.TYPE, msg.document_id, company_id)
    if row is not None:
        sri = await record.submission(conn, row)
        await record.save(conn, outbox, row, issuance.on_sri_authorized(IssuanceState.of(row), msg, sri))


async def on_sri_rejected(msg: DocumentRejected, *, conn, inbox: Claim, company_id: int | None) -> None:
    """sri.document_rejected v1: DEVUELTA / NO AUTORIZADO (rejected) or an error, with the SRI's messages."""
    row = await record.load(conn, inbox, DocumentRejected.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, issuance.on_sri_rejected(IssuanceState.of(row), msg))
