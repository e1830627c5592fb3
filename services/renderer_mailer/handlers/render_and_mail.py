"""The `renderer.render_and_mail` command (queue `renderer_mailer.render_and_mail`).

In the consumer's transaction (the inbox makes a redelivery a no-op) it only records work:
the document's render row (the first command wins: rendered once) and, when `mail` is set,
the delivery of this mail request (one per request_id: a repeated command adds nothing).
The render and mail workers (process/) do the slow parts outside any transaction, so a
queue of commands never holds pool connections while a RIDE renders.
"""
from __future__ import annotations

import logging

from services.renderer_mailer.db import renders
from services.renderer_mailer.domain.files import PLAIN_TYPES, pdf_file_name, pdf_path
from services.renderer_mailer.domain.outcome import NO_RENDER
from services.renderer_mailer.process.requests import record_request
from services.renderer_mailer.settings import Settings
from shared.contracts.renderer import RenderAndMail
from shared.db.outbox import Outbox
from shared.runtime.due_worker import notify

log = logging.getLogger(__name__)


def renderable(msg: RenderAndMail) -> bool:
    """Sales orders and quotations carry `plain`; SRI kinds their snapshot and authorization."""
    if msg.document_type in PLAIN_TYPES:
        return msg.plain is not None
    return msg.snapshot is not None and msg.authorization is not None


async def render_and_mail(msg: RenderAndMail, *, conn, outbox: Outbox, company_id: int | None,
                          settings: Settings) -> None:
    fields = {"fields": {"document_id": msg.document_id, "request_id": msg.request_id}}
    if company_id is not None and company_id != msg.company_id:
        log.error("render_and_mail for another company, ignored", extra=fields)
        return
    known = await renders.by_document(conn, msg.company_id, msg.document_id)
    if known is None and not renderable(msg):
        log.error("render_and_mail without the document's data, not rendered", extra=fields)
        if msg.mail:
            await record_request(conn, outbox, msg, settings.mail_from, failed_reason=NO_RENDER)
        return
    if known is None:
        name = pdf_file_name(msg.company_id, msg.document_type, msg.display_number)
        path = pdf_path(msg.company_id, msg.document_type, msg.display_number, msg.issue_date)
        if await renders.insert(conn, msg, path, name) is not None:
            await notify(conn, renders.DUE_CHANNEL)
    if msg.mail:
        await record_request(conn, outbox, msg, settings.mail_from)
