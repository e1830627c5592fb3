"""The background worker: claims due submissions and drives them, SRI_CONCURRENCY at a time
(shared/runtime/due_worker.py: leases, SKIP LOCKED, NOTIFY wake-ups). A slow or unreachable SRI
only occupies the slots of the documents waiting for it; each is rescheduled by its own back-off.
"""
from __future__ import annotations

import asyncio
import logging
import time

import asyncpg

from services.sri_submitter.certificates.store import CertificateCache
from services.sri_submitter.db import submissions as db
from services.sri_submitter.process.pipeline import Pipeline
from services.sri_submitter.process.preparation import Preparer
from services.sri_submitter.settings import Settings
from services.sri_submitter.soap.client import SriClient
from services.sri_submitter.xml import XsdUnavailableError, XsdValidator
from services.sri_submitter.xml.validator import SCHEMA_FILES
from shared.runtime.due_worker import DueWorker, LeasedSource

log = logging.getLogger(__name__)


class Submissions(LeasedSource):
    """The DueSource of the submissions table. Its claim also reads when the next submission is due
    (db.claim, one statement), and `seconds_to_next` answers from that reading when the worker asks
    right after it (DueWorker: claim, then the wait), else with a query of its own."""

    rows = db.DUE_ROWS
    channel = db.DUE_CHANNEL
    FRESH_SECONDS = 0.05  # how long a claim's reading of the next due time is used

    def __init__(self, pipeline: Pipeline, lease_seconds: float):
        self.pipeline, self.lease_seconds = pipeline, lease_seconds
        self._next: tuple[float | None, float] | None = None  # (seconds to the next due, when read)

    async def claim(self, conn, limit: int) -> list:
        rows, next_due = await db.claim(conn, limit, self.lease_seconds)
        self._next = (next_due, time.monotonic())
        return rows

    async def seconds_to_next(self, conn) -> float | None:
        reading, self._next = self._next, None
        if reading is not None and (age := time.monotonic() - reading[1]) < self.FRESH_SECONDS:
            return None if reading[0] is None else max(reading[0] - age, 0.0)
        return await self.rows.seconds_to_next(conn)

    async def process(self, row) -> None:
        await self.pipeline.process(row)

    def task_name(self, row) -> str:
        return f"sri-{row['access_key']}"


def warm_schemas(validator: XsdValidator) -> None:
    """Compile the XSDs once at start; a missing folder is logged (documents then fail clearly)."""
    for root_tag in SCHEMA_FILES:
        try:
            validator.schema_for(root_tag)
        except XsdUnavailableError as exc:
            log.error("SRI XSD not available", extra={"fields": {"error": str(exc)}})
            return


async def submission_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event,
                            relay=None) -> None:
    """Background task of the service (ServiceSpec.background); `relay`: the service's outbox relay,
    which publishes each step's events right after its commit."""
    sri = await SriClient(settings.endpoints, settings.sri_timeout_seconds, settings.sri_concurrency).start()
    validator = XsdValidator(settings.sri_xsd_dir)
    await asyncio.to_thread(warm_schemas, validator)
    preparer = Preparer(validator, CertificateCache(settings.secrets_key), settings.signature_algorithm)
    pipeline = Pipeline(pool, sri, preparer, settings, relay)
    try:
        source = Submissions(pipeline, settings.lease_seconds)
        await DueWorker(pool, source, settings.sri_concurrency, settings.shutdown_grace_seconds).run(stopping)
    finally:
        await pipeline.recorder.drain(settings.shutdown_grace_seconds)
        await sri.close()
