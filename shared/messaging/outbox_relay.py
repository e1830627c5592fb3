"""Relays outbox rows to the broker with publisher confirms.

Safe with several replicas: each batch is claimed with `FOR UPDATE SKIP LOCKED`
and marked sent in the same transaction, after the broker confirmed every
message. If the broker is down the transaction rolls back and the rows wait;
a crash between confirm and commit re-sends them (consumers dedupe by message_id).
Rows the broker refuses (e.g. an unroutable command) stay pending without
holding back the others in their batch. Rows written `held` (shared/db/outbox.py) are
published by their committer (`publish_held`, held.py); the relay takes them only once the hold
is over.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Sequence
from uuid import UUID

import asyncpg
from aio_pika.abc import AbstractChannel

from shared.db.outbox import notify_channel
from shared.messaging.connection import open_amqp_channel
from shared.messaging.held import HeldPublisher
from shared.messaging.publisher import publish_rows
from shared.observability.metrics import OUTBOX_PENDING, OUTBOX_PUBLISHED
from shared.observability.probes import OutboxLag, register

log = logging.getLogger(__name__)
GAUGE_SECONDS = 5.0  # the pending-rows gauge is a count(*): refreshed at most this often


class RelayIncomplete(Exception):
    """Some rows of a batch were not confirmed by the broker; they stay pending."""

    def __init__(self, sent: int, first_error: BaseException):
        super().__init__(f"{sent} sent, first failure: {first_error!r}")
        self.sent = sent


class OutboxRelay:
    def __init__(self, pool: asyncpg.Pool, channel: AbstractChannel, *, batch: int = 200,
                 idle_seconds: float = 1.0, max_backoff: float = 5.0, keep_days: int = 7,
                 max_row_backoff: float = 60.0):
        self.pool, self.channel, self.batch = pool, channel, batch
        self.max_row_backoff = max_row_backoff
        self.idle_seconds, self.max_backoff, self.keep_days = idle_seconds, max_backoff, keep_days
        self._wake = asyncio.Event()
        self._stopping = False
        self.held = HeldPublisher(pool, channel)
        self.lag = register(OutboxLag(pool))  # outbox_pending / outbox_oldest_pending_seconds at scrape

    async def relay_once(self) -> int:
        """Publish one batch of due rows; returns how many the broker confirmed.

        Raises RelayIncomplete when some rows failed (they are rescheduled with
        a per-row back-off); the confirmed ones are marked sent regardless.
        """
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, exchange, routing_key, mandatory, body FROM outbox "
                "WHERE published_at IS NULL AND next_attempt_at <= now() "
                "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED", self.batch)
            if not rows:
                return 0
            errors = await publish_rows(self.channel, rows)
            sent = [r["id"] for r, err in zip(rows, errors) if err is None]
            failed = [r["id"] for r, err in zip(rows, errors) if err is not None]
            if sent:
                await conn.execute("UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])", sent)
            if failed:
                await conn.execute(
                    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + "
                    "make_interval(secs => least(power(2, attempts), $2)) WHERE id = ANY($1::bigint[])",
                    failed, self.max_row_backoff)
        OUTBOX_PUBLISHED.inc(len(sent))
        if failed:
            raise RelayIncomplete(len(sent), next(err for err in errors if err is not None))
        return len(sent)

    async def publish_held(self, conn: asyncpg.Connection, message_ids: Sequence[UUID]) -> int:
        """Right after the commit that wrote these held rows, on its connection: publish them now
        (held.py); how many were sent. Never raises but for a cancellation."""
        return await self.held.publish(conn, message_ids)

    async def purge_old(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)",
                               self.keep_days)

    def _notified(self, *_args) -> None:
        self._wake.set()

    async def run(self) -> None:
        listener = await self.pool.acquire()
        channel = notify_channel(await listener.fetchval("SELECT current_schema()"))
        await listener.add_listener(channel, self._notified)
        backoff, loops, gauge_at = 0.2, 0, float("-inf")
        loop_time = asyncio.get_running_loop().time
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    sent = await self.relay_once()
                    backoff = 0.2
                except (asyncio.CancelledError, KeyboardInterrupt):
                    raise
                except RelayIncomplete as exc:
                    # The refused rows carry their own next_attempt_at, so the next pass only sees
                    # other due rows (or none, and waits): no relay-wide pause holding back new rows.
                    log.warning("outbox rows refused, rescheduled", extra={"fields": {"error": str(exc)}})
                    continue
                except Exception as exc:  # broker or database down: the rows wait
                    log.warning("outbox relay failed, retrying", extra={"fields": {"error": repr(exc), "in": backoff}})
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
                    continue
                if sent == self.batch:
                    continue
                loops += 1
                if loops % 3600 == 0:
                    await self.purge_old()
                if loop_time() - gauge_at >= GAUGE_SECONDS:
                    gauge_at = loop_time()
                    await self._update_pending_gauge()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
                except asyncio.TimeoutError:
                    pass
        finally:
            try:
                await listener.remove_listener(channel, self._notified)
            finally:
                await self.pool.release(listener)
                await self.held.flush()  # the marks of what was published (else resent after the hold)

    async def _update_pending_gauge(self) -> None:
        async with self.pool.acquire() as conn:
            OUTBOX_PENDING.set(await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"))

    @property
    def attached(self) -> bool:
        """Its channel is open (after a reconnect: once the robust channel is restored)."""
        return open_amqp_channel(self.channel) is not None

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
