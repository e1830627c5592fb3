"""The webhook delivery worker (a background task): claims due deliveries and sends each one
(shared/runtime/due_worker.py: leases, SKIP LOCKED, NOTIFY wake-ups), WEBHOOK_CONCURRENCY at a time.

Every attempt is recorded with the delivery's new state in one transaction, fenced by the lease:
2xx -> succeeded (the endpoint's failure counts reset); otherwise retried after the schedule
(WEBHOOK_RETRY_DELAYS) until it is used up -> failed (at once when the address is refused:
domain/webhook_addresses.py); and the endpoint is disabled by the rule
of domain/webhooks.py (410 Gone, WEBHOOK_DISABLE_AFTER, WEBHOOK_DISABLE_AFTER_DAYS).
"""
from __future__ import annotations

import asyncio
import logging
import random
from datetime import datetime, timezone

import asyncpg

from services.renderer_mailer.db import webhook_deliveries as deliveries
from services.renderer_mailer.db import webhooks as endpoints
from services.renderer_mailer.domain import webhooks as domain
from services.renderer_mailer.domain.webhooks import Outcome
from services.renderer_mailer.process.webhook_sender import WebhookSender
from services.renderer_mailer.settings import Settings
from shared.observability.metrics import WEBHOOKS
from shared.runtime.due_worker import DueWorker, LeasedSource
from shared.sealing import SealError

log = logging.getLogger(__name__)
UNREADABLE_SECRET = ("No se pudo descifrar el secreto del webhook (SECRETS_KEY cambió); elimine el webhook y "
                     "créelo de nuevo.")


class WebhookDeliveries(LeasedSource):
    """The DueSource of the webhook_deliveries table."""

    rows = deliveries.DUE_ROWS
    channel = deliveries.DUE_CHANNEL

    def __init__(self, pool: asyncpg.Pool, sender: WebhookSender, settings: Settings):
        self.pool, self.sender, self.settings = pool, sender, settings
        self.lease_seconds = 2 * settings.webhook_timeout_seconds + 30

    def task_name(self, row) -> str:
        return f"webhook-{row['id']}"

    async def process(self, row) -> None:
        """Never raises: an unexpected failure gives the delivery back for a later try."""
        try:
            await self.record(row, await self.attempt(row))
        except Exception:
            log.exception("webhook delivery failed", extra={"fields": {"delivery": row["id"]}})
            async with self.pool.acquire() as conn:
                await deliveries.release(conn, row["id"], row["lease_token"], self.settings.webhook_retry_delays[0])

    async def attempt(self, row) -> Outcome:
        try:
            secret = domain.open_secret(row["sealed_secret"], self.settings.secrets_key, row["endpoint_id"])
        except SealError:
            return Outcome(None, 0, UNREADABLE_SECRET)
        return await self.sender.post(row["url"], secret, row["id"], row["body"])

    async def record(self, row, outcome: Outcome) -> None:
        s = self.settings
        tries = row["tries"] + (0 if outcome.succeeded else 1)
        delay = None
        if outcome.succeeded:
            status = "succeeded"
        elif not (outcome.gone or outcome.refused) and (delay := domain.next_delay(
                s.webhook_retry_delays, tries, outcome.retry_after, random.uniform(0, domain.JITTER))) is not None:
            status = "pending"
        else:
            status = "failed"
        async with self.pool.acquire() as conn, conn.transaction():
            if await deliveries.finish(conn, row["id"], row["lease_token"], status=status, tries=tries,
                                       delay=delay) is None:
                log.info("webhook delivery changed meanwhile, attempt not recorded",
                         extra={"fields": {"delivery": row["id"]}})
                return
            await deliveries.add_attempt(conn, row["id"], outcome)
            WEBHOOKS.labels("retrying" if status == "pending" else status).inc()
            if outcome.succeeded:
                await endpoints.record_success(conn, row["endpoint_id"])
                return
            counts = await endpoints.record_failure(conn, row["endpoint_id"], delivery_failed=status == "failed")
            reason = domain.disable_reason(
                gone=outcome.gone, failure_count=counts["failure_count"], failing_since=counts["failing_since"],
                now=datetime.now(timezone.utc), disable_after=s.webhook_disable_after,
                disable_after_days=s.webhook_disable_after_days)
            if reason and counts["enabled"]:
                await endpoints.disable(conn, row["endpoint_id"], reason)
                log.warning("webhook endpoint disabled", extra={"fields": {"endpoint": row["endpoint_id"],
                                                                           "reason": reason}})


async def webhook_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    sender = await WebhookSender(settings.webhook_timeout_seconds, settings.webhook_concurrency,
                                 settings.webhook_allow_private_urls).start()
    try:
        source = WebhookDeliveries(pool, sender, settings)
        await DueWorker(pool, source, settings.webhook_concurrency, settings.shutdown_grace_seconds).run(stopping)
    finally:
        await sender.close()
