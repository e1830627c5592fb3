"""Learn when invoices reach a state without polling the API: LISTEN on the channel documents NOTIFYs
at every change of a document (`documents_progress`, payload `<id> <json state>`, see
services/documents/db/documents.py), so a step's CPU per invoice is the platform's own work and
not the cost of clients asking every 50 ms (step 1 measures what one GET costs).

The notifications are sent by documents anyway (its bounded waits use them); one more listener adds
one delivery per change on a connection of its own, nothing else.
"""
from __future__ import annotations

import asyncio
import json
from typing import Callable

import asyncpg

from services.documents.db.documents import PROGRESS_CHANNEL

Until = Callable[[dict], "str | None"]  # issuance.authorized / numbered: None while not there yet


class ProgressWatch:
    def __init__(self, dsn: str):
        self.dsn = dsn
        self.conn: asyncpg.Connection | None = None
        self.latest: dict[int, dict] = {}          # document id -> its last notified state
        self.waiting: dict[int, tuple[Until, asyncio.Future]] = {}
        self.stateful = False  # a notification carried the state: ids alone are timeline entries only
        self.fetching: set[asyncio.Task] = set()

    async def __aenter__(self) -> "ProgressWatch":
        self.conn = await asyncpg.connect(self.dsn)
        self.pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=2)
        await self.conn.add_listener(PROGRESS_CHANNEL, self._notified)
        return self

    async def __aexit__(self, *exc) -> None:
        if self.conn is not None:
            await self.conn.close()
            await self.pool.close()

    def _notified(self, _conn, _pid, _channel, payload: str) -> None:
        head, _, state = payload.partition(" ")
        document_id = int(head)
        if state:
            self.stateful = True
            self.latest[document_id] = doc = json.loads(state)
            self._check(document_id, doc)
        elif not self.stateful and document_id in self.waiting:
            # an older documents (before issue 12) NOTIFYs ids only: read the state (bench before/after runs)
            task = asyncio.ensure_future(self._fetch(document_id))
            self.fetching.add(task)
            task.add_done_callback(self.fetching.discard)

    async def _fetch(self, document_id: int) -> None:
        row = await self.pool.fetchrow("SELECT process_state, sri_status FROM documents.documents WHERE id = $1",
                                       document_id)
        if row is not None:
            self.latest[document_id] = doc = dict(row)
            self._check(document_id, doc)

    def _check(self, document_id: int, doc: dict) -> None:
        until, future = self.waiting.get(document_id, (None, None))
        if until is not None and not future.done() and (outcome := until(doc)) is not None:
            future.set_result(outcome)

    async def reached(self, doc: dict, until: Until, patience: float) -> str:
        """`until`'s answer for the document of `doc` (the POST's answer), as soon as it is not None:
        at once from `doc` or an earlier notification, else from the next one that settles it."""
        if (outcome := until(doc)) is not None:
            return outcome
        future = asyncio.get_running_loop().create_future()
        self.waiting[doc["id"]] = (until, future)
        try:
            if doc["id"] in self.latest:
                self._check(doc["id"], self.latest[doc["id"]])
            return await asyncio.wait_for(future, patience)
        except asyncio.TimeoutError:
            return "timeout"
        finally:
            self.waiting.pop(doc["id"], None)
