"""renderer-mailer's events: load the document, apply the delivery transition, save.

The PDF's path arrives once; the mail's state follows the latest mail request, `sent`
is final for it and an older failure never overwrites a newer result (process/delivery.py).
"""
from __future__ import annotations

from services.documents.process import delivery, record
from services.documents.process.state import IssuanceState
from shared.contracts.renderer import DocumentMailed, DocumentRendered, MailFailed
from shared.db.inbox import Claim


async def on_document_rendered(msg: DocumentRendered, *, conn, inbox: Claim, company_id: int | None) -> None:
    """renderer.document_rendered v1: files.pdf_path, timeline `rendered`."""
    row = await record.load(conn, inbox, DocumentRendered.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, delivery.on_rendered(IssuanceState.of(row), msg))


async def on_document_mailed(msg: DocumentMailed, *, conn, inbox: Claim, company_id: int | None) -> None:
    """renderer.document_mailed v1: mail_status `sent`, timeline `mailed`."""
    row = await record.load(conn, inbox, DocumentMailed.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, delivery.on_mailed(IssuanceState.of(row), msg))


async def on_mail_failed(msg: MailFailed, *, conn, inbox: Claim, company_id: int | None) -> None:
    """renderer.mail_failed v1: mail_status `failed` with the reason, timeline `mail_failed`."""
    row = await record.load(conn, inbox, MailFailed.TYPE, msg.document_id, company_id)
    if row is not None:
        await record.save(conn, None, row, delivery.on_mail_failed(IssuanceState.of(row), msg))
