"""Publishing what a transaction just committed: outbox rows written `held` (shared/db/outbox.py).

Right after its commit, a committer (the message consumer, documents' creates, the SRI
recorder) hands the message ids it wrote to `HeldPublisher.publish`: the rows are read
back (so only what was committed is sent: a rolled-back savepoint's messages never are),
published with confirms, then marked sent. Whatever fails stays pending; the relay sends
it once the hold is over (a crash between the publish and the mark sends it twice, which
the consumers' inbox absorbs).

The marks are batched: they ride on the next read-back's round trip, or are written
FLUSH_SECONDS later when none comes, far inside the hold. One round trip per commit
instead of two, and fewer commits for PostgreSQL to flush.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Sequence
from uuid import UUID

import asyncpg
from aio_pika.abc import AbstractChannel

from shared.messaging.publisher import publish_rows
from shared.observability.metrics import OUTBOX_PUBLISHED

log = logging.getLogger(__name__)
FLUSH_SECONDS = 0.25  # marks not carried by a read-back by then are written on their own
CONFIRM_SECONDS = 5.0  # a committer waits no longer for the broker (blocked by an alarm, say): the relay resends
READ_BACK = ("SELECT id, exchange, routing_key, mandatory, body FROM outbox "
             "WHERE message_id = ANY($1::uuid[]) AND published_at IS NULL ORDER BY id")
MARK = "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[]) AND published_at IS NULL"
READ_BACK_AND_MARK = f"WITH marked AS ({MARK.replace('$1', '$2')} RETURNING 1) {READ_BACK}"


async def publish_confirmed(channel: AbstractChannel, rows: Sequence[asyncpg.Record]) -> list[int]:
    """Publish read-back rows with confirms; the ids the broker confirmed."""
    errors = await publish_rows(channel, rows, timeout=CONFIRM_SECONDS)
    sent = [r["id"] for r, err in zip(rows, errors) if err is None]
    OUTBOX_PUBLISHED.inc(len(sent))
    if len(sent) < len(rows):
        log.warning("held outbox rows left to the relay", extra={"fields": {"unsent": len(rows) - len(sent)}})
    return sent


async def publish_held(channel: AbstractChannel, conn: asyncpg.Connection, message_ids: Sequence[UUID]) -> int:
    """Unbatched: read back, publish, mark (two round trips); how many were sent. Never raises but
    for a cancellation: the relay takes over what fails."""
    try:
        sent = await publish_confirmed(channel, await conn.fetch(READ_BACK, message_ids))
        if sent:
            await conn.execute(MARK, sent)
        return len(sent)
    except Exception as exc:  # noqa: BLE001 - the relay takes over
        log.warning("held outbox rows left to the relay", extra={"fields": {"error": repr(exc)}})
        return 0


class HeldPublisher:
    """One per process (the relay's): publish() with the marks batched."""

    def __init__(self, pool: asyncpg.Pool, channel: AbstractChannel):
        self.pool, self.channel = pool, channel
        self._marks: list[int] = []
        self._flush: asyncio.TimerHandle | None = None
        self._flushing: set[asyncio.Task] = set()

    async def publish(self, conn: asyncpg.Connection, message_ids: Sequence[UUID]) -> int:
        """Right after the commit that wrote `message_ids`, on that connection; how many were sent.
        Never raises but for a cancellation."""
        if not message_ids:
            return 0
        marks, self._marks = self._marks, []
        try:
            rows = await conn.fetch(READ_BACK_AND_MARK, message_ids, marks)
        except Exception as exc:  # noqa: BLE001 - the relay takes over
            self._marks[:0] = marks
            log.warning("held outbox rows left to the relay", extra={"fields": {"error": repr(exc)}})
            return 0
        sent = await publish_confirmed(self.channel, rows)
        self._marks.extend(sent)
        self._schedule()
        return len(sent)

    def _schedule(self) -> None:
        if self._marks and self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(FLUSH_SECONDS, self._start_flush)

    def _start_flush(self) -> None:
        self._flush = None
        task = asyncio.ensure_future(self.flush())
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def flush(self) -> None:
        """Write the pending marks now (also at shutdown); on failure they wait for the next try."""
        marks, self._marks = self._marks, []
        if not marks:
            return
        try:
            async with self.pool.acquire() as conn:
                await conn.execute(MARK, marks)
        except Exception as exc:  # noqa: BLE001 - the next read-back carries them (or the relay resends)
            self._marks[:0] = marks
            log.warning("outbox marks not written yet", extra={"fields": {"error": repr(exc)}})
