"""Relays outbox rows to the broker with publisher confirms.

Safe with several replicas: each batch is claimed with `FOR UPDATE SKIP LOCKED`
and marked sent in the same transaction, after the broker confirmed every
message. If the broker is down the transaction rolls back and the rows wait;
a crash between confirm and commit re-sends them (consumers dedupe by message_id).
"""
from __future__ import annotations

import asyncio
import logging

import asyncpg
from aio_pika.abc import AbstractChannel

from shared.db.outbox import NOTIFY_CHANNEL
from shared.messaging.publisher import publish_raw
from shared.observability.metrics import OUTBOX_PENDING, OUTBOX_PUBLISHED

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, pool: asyncpg.Pool, channel: AbstractChannel, *, batch: int = 200,
                 idle_seconds: float = 1.0, max_backoff: float = 5.0, keep_days: int = 7):
        self.pool, self.channel, self.batch = pool, channel, batch
        self.idle_seconds, self.max_backoff, self.keep_days = idle_seconds, max_backoff, keep_days
        self._wake = asyncio.Event()
        self._stopping = False

    async def relay_once(self) -> int:
        """Publish one batch; returns how many rows were sent."""
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, exchange, routing_key, mandatory, body FROM outbox WHERE published_at IS NULL "
                "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED", self.batch)
            if not rows:
                return 0
            await asyncio.gather(*(publish_raw(self.channel, r["exchange"], r["routing_key"], r["body"],
                                               mandatory=r["mandatory"]) for r in rows))
            await conn.execute("UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])",
                               [r["id"] for r in rows])
        OUTBOX_PUBLISHED.inc(len(rows))
        return len(rows)

    async def purge_old(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)",
                               self.keep_days)

    def _notified(self, *_args) -> None:
        self._wake.set()

    async def run(self) -> None:
        listener = await self.pool.acquire()
        await listener.add_listener(NOTIFY_CHANNEL, self._notified)
        backoff, loops = 0.2, 0
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    sent = await self.relay_once()
                    backoff = 0.2
                except (asyncio.CancelledError, KeyboardInterrupt):
                    raise
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
                await self._update_pending_gauge()
                try:
                    await asyncio.wait_for(self._wake.wait(), self.idle_seconds)
                except asyncio.TimeoutError:
                    pass
        finally:
            try:
                await listener.remove_listener(NOTIFY_CHANNEL, self._notified)
            finally:
                await self.pool.release(listener)

    async def _update_pending_gauge(self) -> None:
        async with self.pool.acquire() as conn:
            OUTBOX_PENDING.set(await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL"))

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
