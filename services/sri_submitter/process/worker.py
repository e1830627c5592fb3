"""The background worker: claims due submissions and drives them, SRI_CONCURRENCY at a time.

Several replicas are safe: due rows are claimed with `FOR UPDATE SKIP LOCKED` and leased
(a crashed worker's rows come back when the lease ends). A slow or unreachable SRI only
occupies the slots of the documents waiting for it; each of them is rescheduled by its
own back-off, so other documents keep flowing. New work wakes the loop via NOTIFY.
"""
from __future__ import annotations

import asyncio
import logging

import asyncpg

from services.sri_submitter.certificates.store import CertificateCache
from services.sri_submitter.db import submissions as db
from services.sri_submitter.process.pipeline import Pipeline
from services.sri_submitter.process.preparation import Preparer
from services.sri_submitter.settings import Settings
from services.sri_submitter.soap.client import SriClient
from services.sri_submitter.xml import XsdUnavailableError, XsdValidator
from services.sri_submitter.xml.validator import SCHEMA_FILES

log = logging.getLogger(__name__)
IDLE_SECONDS = 1.0


class Worker:
    def __init__(self, pool: asyncpg.Pool, pipeline: Pipeline, settings: Settings):
        self.pool, self.pipeline, self.settings = pool, pipeline, settings
        self.slots = settings.sri_concurrency
        self.tasks: set[asyncio.Task] = set()
        self.wake = asyncio.Event()

    def _notified(self, *_args) -> None:
        self.wake.set()

    def _finished(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        self.wake.set()

    async def claim(self) -> int:
        """Start a task for each due submission, up to the free slots; returns how many."""
        free = self.slots - len(self.tasks)
        if free <= 0:
            return 0
        async with self.pool.acquire() as conn:
            rows = await db.claim_due(conn, free, self.settings.lease_seconds)
        for row in rows:
            task = asyncio.create_task(self.pipeline.process(row), name=f"sri-{row['access_key']}")
            self.tasks.add(task)
            task.add_done_callback(self._finished)
        return len(rows) if len(rows) < free else -1  # -1: maybe more are due

    async def _idle_seconds(self) -> float:
        if len(self.tasks) >= self.slots:
            return IDLE_SECONDS
        async with self.pool.acquire() as conn:
            due_in = await db.seconds_to_next_due(conn)
        return IDLE_SECONDS if due_in is None else min(due_in, IDLE_SECONDS)

    async def run(self, stopping: asyncio.Event) -> None:
        listener = await self.pool.acquire()
        await listener.add_listener(db.DUE_CHANNEL, self._notified)
        try:
            while not stopping.is_set():
                self.wake.clear()
                try:
                    if await self.claim() < 0:
                        continue
                    wait = await self._idle_seconds()
                except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                    log.warning("claiming submissions failed", extra={"fields": {"error": repr(exc)}})
                    wait = IDLE_SECONDS
                try:
                    await asyncio.wait_for(self.wake.wait(), wait)
                except asyncio.TimeoutError:
                    pass
        finally:
            await listener.remove_listener(db.DUE_CHANNEL, self._notified)
            await self.pool.release(listener)
            await self._drain()

    async def _drain(self) -> None:
        """Let in-flight steps finish (bounded); a cancelled one is leased, so it comes back later."""
        try:
            if self.tasks:
                await asyncio.wait(self.tasks, timeout=self.settings.shutdown_grace_seconds)
        finally:
            for task in list(self.tasks):
                task.cancel()


def warm_schemas(validator: XsdValidator) -> None:
    """Compile the XSDs once at start; a missing folder is logged (documents then fail clearly)."""
    for root_tag in SCHEMA_FILES:
        try:
            validator.schema_for(root_tag)
        except XsdUnavailableError as exc:
            log.error("SRI XSD not available", extra={"fields": {"error": str(exc)}})
            return


async def submission_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    sri = await SriClient(settings.endpoints, settings.sri_timeout_seconds, settings.sri_concurrency).start()
    validator = XsdValidator(settings.sri_xsd_dir)
    await asyncio.to_thread(warm_schemas, validator)
    preparer = Preparer(validator, CertificateCache(settings.secrets_key), settings.signature_algorithm)
    try:
        await Worker(pool, Pipeline(pool, sri, preparer, settings), settings).run(stopping)
    finally:
        await sri.close()
