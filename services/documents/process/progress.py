"""Wake-ups for the bounded waits: every change of a document's columns (db.write) NOTIFYs
`documents_progress` at commit with the document id and its new process state (`<id> <json>`;
other timeline writes, the id alone), and one LISTEN connection per process hands them to the
calls waiting on that document, which read the document again only when that state may settle
their wait (wait.py).

The listener runs as the service's background task (its own connection, not one of
the pool's). Without it (not started yet, or reconnecting) the waits fall back to
polling, so a lost notification only costs latency.
"""
from __future__ import annotations

import asyncio
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

import asyncpg

from services.documents.db.documents import PROGRESS_CHANNEL as CHANNEL

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


@dataclass(eq=False)
class Watch:
    """A wait's view of a document: `moved` is set at each notification; `state` is the process
    state the latest one carried (None: look at the document)."""

    moved: asyncio.Event = field(default_factory=asyncio.Event)
    state: dict[str, Any] | None = None

    def seen(self, state: dict[str, Any] | None) -> None:
        if not (self.moved.is_set() and self.state is None):  # once unknown, unknown until taken
            self.state = state
        self.moved.set()

    def take(self) -> dict[str, Any] | None:
        """The state notified since the last take (None: unknown), and clear."""
        state, self.state = self.state, None
        self.moved.clear()
        return state


class Progress:
    def __init__(self) -> None:
        self.waiters: dict[int, set[Watch]] = {}
        self.listening = False

    @contextmanager
    def watch(self, document_id: int) -> Iterator[Watch]:
        """Notified whenever the document changes, while the block runs."""
        watch = Watch()
        self.waiters.setdefault(document_id, set()).add(watch)
        try:
            yield watch
        finally:
            watchers = self.waiters.get(document_id)
            if watchers is not None:
                watchers.discard(watch)
                if not watchers:
                    del self.waiters[document_id]

    def notified(self, _conn, _pid, _channel, payload: str) -> None:
        head, _, state = payload.partition(" ")
        try:
            document_id = int(head)
        except ValueError:
            return
        watchers = self.waiters.get(document_id)
        if not watchers:
            return
        try:
            known = json.loads(state) if state else None
        except ValueError:
            known = None
        for watch in watchers:
            watch.seen(known)

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
                for watch in watchers:
                    watch.seen(None)


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
