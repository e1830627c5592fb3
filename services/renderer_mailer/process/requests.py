"""Recording a mail request (in the caller's transaction): one delivery per (document,
request_id), with its Message-ID fixed now. No usable address: the delivery is recorded as
failed at once and `renderer.mail_failed` (permanent) says why, once per request."""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from services.renderer_mailer.db import deliveries
from services.renderer_mailer.domain.message import new_message_id
from services.renderer_mailer.domain.outcome import NO_ADDRESS, invalid_addresses
from services.renderer_mailer.domain.recipients import split
from shared.contracts.renderer import MailFailed, RenderAndMail
from shared.db.outbox import Outbox
from shared.runtime.due_worker import notify

log = logging.getLogger(__name__)


async def record_request(conn, outbox: Outbox, msg: RenderAndMail, mail_from: str, *,
                         failed_reason: str | None = None) -> None:
    valid, invalid = split(msg.recipients)
    if invalid:
        log.warning("invalid recipients left out", extra={"fields": {"document_id": msg.document_id,
                                                                     "invalid": invalid}})
    if failed_reason is None and not valid:
        failed_reason = invalid_addresses(invalid) if invalid else NO_ADDRESS
    now = datetime.now(timezone.utc)
    row = await deliveries.insert(
        conn, company_id=msg.company_id, document_id=msg.document_id, request_id=msg.request_id,
        recipients=valid or invalid, message_id=new_message_id(msg.company_id, msg.document_id, mail_from),
        failed_reason=failed_reason, failed_at=now if failed_reason else None)
    if row is None:
        log.info("mail request already recorded", extra={"fields": {"document_id": msg.document_id,
                                                                    "request_id": msg.request_id}})
        return
    if failed_reason is None:
        await notify(conn, deliveries.DUE_CHANNEL)
        return
    await outbox.add(MailFailed(document_id=msg.document_id, request_id=msg.request_id, recipients=row["recipients"],
                                reason=failed_reason, permanent=True, failed_at=now), company_id=msg.company_id)
