"""Wake-ups for the bounded waits: every timeline event NOTIFYs `documents_progress` with
the document id (at commit), and one LISTEN connection per process sets the events
of the calls waiting on that document.

The listener runs as the service's background task (its own connection, not one of
the pool's). Without it (not started yet, or reconnecting) the waits fall back to
polling, so a lost notification only costs latency.
"""
from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from typing import Iterator

import asyncpg

from services.documents.db.documents import PROGRESS_CHANNEL as CHANNEL

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


class Progress:
    def __init__(self) -> None:
        self.waiters: dict[int, set[asyncio.Event]] = {}
        self.listening = False

    @contextmanager
    def watch(self, document_id: int) -> Iterator[asyncio.Event]:
        """An event set whenever the document's timeline grows, while the block runs."""
        moved = asyncio.Event()
        self.waiters.setdefault(document_id, set()).add(moved)
        try:
            yield moved
        finally:
            watchers = self.waiters.get(document_id)
            if watchers is not None:
                watchers.discard(moved)
                if not watchers:
                    del self.waiters[document_id]

    def notified(self, _conn, _pid, _channel, payload: str) -> None:
        try:
            document_id = int(payload)
        except ValueError:
            return
        for moved in self.waiters.get(document_id, ()):
            moved.set()

    async def run(self, dsn: str, stopping: asyncio.Event) -> None:
        """LISTEN until the service stops; reconnect when the connection drops."""
        while not stopping.is_set():
            lost = asyncio.Event()
            try:
                conn = await asyncpg.connect(dsn, server_settings={"application_name": "documents-progress"})
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("progress listener cannot connect", extra={"fields": {"error": repr(exc)}})
                await asyncio.sleep(RECONNECT_SECONDS)
                continue
            try:
                conn.add_termination_listener(lambda _conn: lost.set())
                await conn.add_listener(CHANNEL, self.notified)
                self.listening = True
                await _first(stopping.wait(), lost.wait())
            finally:
                self.listening = False
                await _close(conn)
            for watchers in list(self.waiters.values()):  # anything missed meanwhile: look again
                for moved in watchers:
                    moved.set()


async def _first(*aws) -> None:
    tasks = [asyncio.ensure_future(a) for a in aws]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()


async def _close(conn: asyncpg.Connection) -> None:
    try:
        await asyncio.wait_for(conn.close(), 2)
    except Exception:  # noqa: BLE001 - already gone
        conn.terminate()


PROGRESS = Progress()


async def listen(*, settings, stopping: asyncio.Event) -> None:
    """Background task of the documents service (ServiceSpec.background)."""
    await PROGRESS.run(settings.database_url, stopping)
