"""The background worker: claims due submissions and drives them, SRI_CONCURRENCY at a time
(shared/runtime/due_worker.py: leases, SKIP LOCKED, NOTIFY wake-ups). A slow or unreachable SRI
only occupies the slots of the documents waiting for it; each is rescheduled by its own back-off.
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
from shared.runtime.due_worker import DueWorker, LeasedSource

log = logging.getLogger(__name__)


class Submissions(LeasedSource):
    """The DueSource of the submissions table."""

    rows = db.DUE_ROWS
    channel = db.DUE_CHANNEL

    def __init__(self, pipeline: Pipeline, lease_seconds: float):
        self.pipeline, self.lease_seconds = pipeline, lease_seconds

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


async def submission_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    sri = await SriClient(settings.endpoints, settings.sri_timeout_seconds, settings.sri_concurrency).start()
    validator = XsdValidator(settings.sri_xsd_dir)
    await asyncio.to_thread(warm_schemas, validator)
    preparer = Preparer(validator, CertificateCache(settings.secrets_key), settings.signature_algorithm)
    try:
        source = Submissions(Pipeline(pool, sri, preparer, settings), settings.lease_seconds)
        await DueWorker(pool, source, settings.sri_concurrency, settings.shutdown_grace_seconds).run(stopping)
    finally:
        await sri.close()
