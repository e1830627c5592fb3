"""A background worker for work kept as rows in the service's own database (SRI submissions,
mail deliveries, webhook deliveries): claim the due rows, drive each in a task, `slots` at a time.

Several replicas are safe: a `DueSource.claim` leases rows with `FOR UPDATE SKIP LOCKED`
(a crashed worker's rows come back when the lease ends). Slow work occupies only its own
slots; each row is rescheduled by its own back-off. New work wakes the loop via NOTIFY on
`DueSource.channel`; without one the loop looks again at least every IDLE_SECONDS.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Mapping, Protocol

import asyncpg

from shared.db.leases import LeasedRows

log = logging.getLogger(__name__)
IDLE_SECONDS = 1.0
Row = Mapping[str, Any]


class DueSource(Protocol):
    channel: str  # NOTIFY channel that announces new due work

    async def claim(self, conn: asyncpg.Connection, limit: int) -> list[Row]:
        """Lease up to `limit` due rows."""

    async def seconds_to_next(self, conn: asyncpg.Connection) -> float | None:
        """Seconds until the next row is due (0: now), None when nothing waits."""

    async def process(self, row: Row) -> None:
        """Drive one leased row (records its own outcome; must not raise for business failures)."""

    def task_name(self, row: Row) -> str: ...


class LeasedSource:
    """A DueSource over one table of leased rows (shared/db/leases.py): subclasses set `rows`,
    `channel` and `lease_seconds`, and implement `process` and `task_name`."""

    rows: LeasedRows
    channel: str
    lease_seconds: float

    async def claim(self, conn: asyncpg.Connection, limit: int) -> list[Row]:
        return await self.rows.claim(conn, limit, self.lease_seconds)

    async def seconds_to_next(self, conn: asyncpg.Connection) -> float | None:
        return await self.rows.seconds_to_next(conn)


async def notify(conn: asyncpg.Connection, channel: str) -> None:
    """Wake the workers of `channel` (delivered at commit)."""
    await conn.execute("SELECT pg_notify($1, '')", channel)


class DueWorker:
    def __init__(self, pool: asyncpg.Pool, source: DueSource, slots: int, grace: float):
        self.pool, self.source, self.slots, self.grace = pool, source, slots, grace
        self.tasks: set[asyncio.Task] = set()
        self.wake = asyncio.Event()

    def _notified(self, *_args) -> None:
        self.wake.set()

    def _finished(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        self.wake.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("due work failed", extra={"fields": {"task": task.get_name(), "error": repr(task.exception())}})

    async def claim(self) -> int:
        """Start a task for each due row, up to the free slots; -1 when more may be due."""
        free = self.slots - len(self.tasks)
        if free <= 0:
            return 0
        async with self.pool.acquire() as conn:
            rows = await self.source.claim(conn, free)
        for row in rows:
            task = asyncio.create_task(self.source.process(row), name=self.source.task_name(row))
            self.tasks.add(task)
            task.add_done_callback(self._finished)
        return len(rows) if len(rows) < free else -1

    async def _idle_seconds(self) -> float:
        if len(self.tasks) >= self.slots:
            return IDLE_SECONDS
        async with self.pool.acquire() as conn:
            due_in = await self.source.seconds_to_next(conn)
        return IDLE_SECONDS if due_in is None else min(due_in, IDLE_SECONDS)

    async def run(self, stopping: asyncio.Event) -> None:
        listener = await self.pool.acquire()
        await listener.add_listener(self.source.channel, self._notified)
        try:
            while not stopping.is_set():
                self.wake.clear()
                try:
                    if await self.claim() < 0:
                        continue
                    wait = await self._idle_seconds()
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    log.warning("claiming due work failed", extra={"fields": {"channel": self.source.channel,
                                                                              "error": repr(exc)}})
                    wait = IDLE_SECONDS
                try:
                    await asyncio.wait_for(self.wake.wait(), wait)
                except asyncio.TimeoutError:
                    pass
        finally:
            try:
                await listener.remove_listener(self.source.channel, self._notified)
            finally:
                await self.pool.release(listener)
                await self._drain()

    async def _drain(self) -> None:
        """Let in-flight work finish (bounded); a cancelled one is leased, so it comes back later."""
        try:
            if self.tasks:
                await asyncio.wait(self.tasks, timeout=self.grace)
        finally:
            for task in list(self.tasks):
                task.cancel()
