"""The render worker: claims documents waiting for their RIDE, renders RENDER_CONCURRENCY at a
time in the RENDER_PROCESSES render processes (WeasyPrint is CPU bound: process/render_pool.py),
stores the PDF, then in one transaction marks the document rendered, publishes
`renderer.document_rendered` and wakes the mail worker.

Exactly once: only the lease holder's `pending -> rendered` commits, so the event is published
once. A crash after the file is written and before that commit renders again when the lease
ends and overwrites the same path (the path is fixed in the row). A failed render (a bug, a
missing logo file...) is retried with a capped back-off and its error kept in `last_error`; a
render whose process died (BrokenProcessPool) too, sooner (BROKEN_DELAYS).
"""
from __future__ import annotations

import asyncio
import logging

import asyncpg

from services.renderer_mailer.db import deliveries, renders as db
from services.renderer_mailer.domain.outcome import retry_delay
from services.renderer_mailer.process.logos import load_logo
from services.renderer_mailer.process.render_pool import BrokenProcessPool, RenderPool
from services.renderer_mailer.settings import Settings
from shared.contracts.envelope import document_correlation
from shared.contracts.renderer import DocumentRendered
from shared.db.outbox import Outbox
from shared.runtime.due_worker import DueWorker, LeasedSource, notify
from shared.storage import FileStore, LocalFileStore

log = logging.getLogger(__name__)
RETRY_DELAYS = (5.0, 30.0, 120.0, 600.0)
BROKEN_DELAYS = (1.0, *RETRY_DELAYS)  # its process died (killed, out of memory): soon, then as others


class Renders(LeasedSource):
    """The DueSource of the renders table."""

    rows = db.DUE_ROWS
    channel = db.DUE_CHANNEL

    def __init__(self, pool: asyncpg.Pool, store: FileStore, lease_seconds: float, renderer: RenderPool):
        self.pool, self.store, self.lease_seconds = pool, store, lease_seconds
        self.renderer = renderer

    def task_name(self, row) -> str:
        return f"render-{row['company_id']}-{row['document_id']}"

    async def process(self, row) -> None:
        fields = {"fields": {"document_id": row["document_id"]}}
        try:
            async with self.pool.acquire() as conn:
                logo = await load_logo(conn, self.store, row["company_id"])
            pdf = await self.renderer.render(row["command"], logo)
            await self.store.put(row["pdf_path"], pdf)
        except Exception as exc:  # noqa: BLE001 - kept on the row and retried; the worker goes on
            broken = isinstance(exc, BrokenProcessPool)
            if broken:
                log.warning("render process died, render retried", extra=fields)
            else:
                log.exception("render failed", extra=fields)
            delay = retry_delay(row["tries"] + 1, BROKEN_DELAYS if broken else RETRY_DELAYS)
            async with self.pool.acquire() as conn:
                await db.reschedule(conn, row["id"], row["lease_token"], delay, repr(exc)[:1000])
            return
        await self.record(row)

    async def record(self, row) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            done = await db.mark_rendered(conn, row["id"], row["lease_token"])
            if done is None:
                log.warning("render lease lost, not recorded", extra={"fields": {"document_id": row["document_id"]}})
                return
            event = DocumentRendered(document_id=row["document_id"], pdf_path=done["pdf_path"],
                                     rendered_at=done["rendered_at"])
            await Outbox(conn, correlation_id=document_correlation(row["document_id"])).add(
                event, company_id=row["company_id"])
            await notify(conn, deliveries.DUE_CHANNEL)


async def render_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    renderer = RenderPool(settings.render_processes, settings.log_level)
    try:
        source = Renders(pool, LocalFileStore(settings.file_store_dir), settings.render_lease_seconds, renderer)
        await DueWorker(pool, source, settings.render_concurrency, settings.shutdown_grace_seconds).run(stopping)
    finally:
        renderer.close()
