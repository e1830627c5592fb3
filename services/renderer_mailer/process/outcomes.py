"""Recording an SMTP attempt: the delivery's new state, the attempt in its `attempts` list and
the event for documents, in one transaction, fenced by the worker's lease.

- accepted: `sent` + `renderer.document_mailed`;
- transient (no connection, timeout, 4xx): `pending` again after MAIL_RETRY_DELAYS; the FIRST
  transient failure of a delivery also publishes `renderer.mail_failed` with permanent=false,
  so documents shows `failed` with the reason instead of `pending` while retries go on in the
  background; a later success publishes `document_mailed` (documents then shows `sent`);
- permanent (5xx, every recipient refused) or MAIL_MAX_ATTEMPTS used up: `failed` +
  `renderer.mail_failed` with permanent=true.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

import asyncpg

from services.renderer_mailer.db import deliveries as db
from services.renderer_mailer.domain.outcome import Failure, reason, retry_delay
from services.renderer_mailer.settings import Settings
from shared.contracts.envelope import Contract, document_correlation
from shared.contracts.renderer import DocumentMailed, MailFailed
from shared.db.outbox import Outbox
from shared.observability.metrics import MAILS

log = logging.getLogger(__name__)


def attempt(at: datetime, code: int | None, reply: str, permanent: bool) -> dict[str, Any]:
    return {"at": at.isoformat(), "code": code, "reply": reply, "permanent": permanent}


class Outcomes:
    def __init__(self, pool: asyncpg.Pool, settings: Settings):
        self.pool = pool
        self.delays, self.max_attempts = settings.mail_retry_delays, settings.mail_max_attempts

    async def sent(self, row, reply: str) -> None:
        now = datetime.now(timezone.utc)
        values = {"status": "sent", "smtp_code": 250, "smtp_reply": reply, "reason": None, "sent_at": now}
        event = DocumentMailed(document_id=row["document_id"], request_id=row["request_id"],
                               recipients=row["recipients"], message_id=row["message_id"], sent_at=now,
                               smtp_reply=reply)
        await self._record(row, values, attempt(now, 250, reply, False), None, event)

    async def failed(self, row, failure: Failure) -> None:
        now = datetime.now(timezone.utc)
        tries = row["tries"] + 1
        final = failure.permanent or tries >= self.max_attempts
        why = reason(failure, exhausted_after=None if failure.permanent or not final else tries)
        values: dict[str, Any] = {"smtp_code": failure.code, "smtp_reply": failure.server_text, "reason": why}
        event: Contract | None = None
        if final:
            values |= {"status": "failed", "failed_at": now}
        else:
            values |= {"status": "pending", "transient_reported": True}
        if final or not row["transient_reported"]:
            event = MailFailed(document_id=row["document_id"], request_id=row["request_id"],
                               recipients=row["recipients"], reason=why, smtp_code=failure.code, permanent=final,
                               failed_at=now)
        delay = None if final else retry_delay(tries, self.delays)
        await self._record(row, values, attempt(now, failure.code, failure.reply, final), delay, event)

    async def _record(self, row, values: dict[str, Any], tried: dict[str, Any], delay: float | None,
                      event: Contract | None) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            new = await db.finish_attempt(conn, row["id"], row["lease_token"], values, tried, delay=delay)
            if new is None:
                log.warning("mail lease lost, attempt not recorded",
                            extra={"fields": {"document_id": row["document_id"], "request_id": row["request_id"]}})
                return
            if event is not None:
                await Outbox(conn, correlation_id=document_correlation(row["document_id"])).add(
                    event, company_id=row["company_id"])
        MAILS.labels("retrying" if values["status"] == "pending" else values["status"]).inc()
        log.info("mail attempt recorded", extra={"fields": {"document_id": row["document_id"],
                                                            "status": values["status"], "reply": tried["reply"]}})
