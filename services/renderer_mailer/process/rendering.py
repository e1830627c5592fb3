"""The render worker: claims documents waiting for their RIDE, renders RENDER_CONCURRENCY at a
time off the event loop (WeasyPrint is CPU bound), stores the PDF, then in one transaction marks
the document rendered, publishes `renderer.document_rendered` and wakes the mail worker.

Exactly once: only the lease holder's `pending -> rendered` commits, so the event is published
once. A crash after the file is written and before that commit renders again when the lease
ends and overwrites the same path (the path is fixed in the row). A failed render (a bug, a
missing logo file...) is retried with a capped back-off and its error kept in `last_error`.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import asyncpg

from services.renderer_mailer.db import deliveries, renders as db
from services.renderer_mailer.domain.files import PLAIN_TYPES
from services.renderer_mailer.domain.outcome import retry_delay
from services.renderer_mailer.process.logos import load_logo
from services.renderer_mailer.ride import Ride, render_pdf, render_plain_pdf
from services.renderer_mailer.settings import Settings
from shared.contracts.envelope import document_correlation
from shared.contracts.renderer import DocumentRendered, RenderAndMail
from shared.db.outbox import Outbox
from shared.runtime.due_worker import DueWorker, LeasedSource, notify
from shared.storage import FileStore, LocalFileStore

log = logging.getLogger(__name__)
RETRY_DELAYS = (5.0, 30.0, 120.0, 600.0)


def render_document(cmd: RenderAndMail, logo: bytes | None) -> bytes:
    """The PDF of the command's document (blocking: run it in a thread)."""
    if cmd.document_type in PLAIN_TYPES:
        return render_plain_pdf(cmd.plain, document_type=cmd.document_type, number=cmd.display_number,
                                issue_date=cmd.issue_date, logo=logo)
    auth = cmd.authorization
    return render_pdf(Ride(document=cmd.snapshot, access_key=auth.access_key,
                           authorization_number=auth.authorization_number, authorized_at=auth.authorized_at,
                           logo=logo))


class Renders(LeasedSource):
    """The DueSource of the renders table."""

    rows = db.DUE_ROWS
    channel = db.DUE_CHANNEL

    def __init__(self, pool: asyncpg.Pool, store: FileStore, lease_seconds: float,
                 executor: ThreadPoolExecutor | None = None):
        self.pool, self.store, self.lease_seconds = pool, store, lease_seconds
        self.executor = executor  # its own threads: each keeps one WeasyPrint font setup (~30 MB)

    def task_name(self, row) -> str:
        return f"render-{row['company_id']}-{row['document_id']}"

    async def process(self, row) -> None:
        cmd = RenderAndMail.model_validate(row["command"])
        try:
            async with self.pool.acquire() as conn:
                logo = await load_logo(conn, self.store, cmd.company_id)
            pdf = await asyncio.get_running_loop().run_in_executor(self.executor, render_document, cmd, logo)
            await self.store.put(row["pdf_path"], pdf)
        except Exception as exc:  # noqa: BLE001 - kept on the row and retried; the worker goes on
            log.exception("render failed", extra={"fields": {"document_id": cmd.document_id}})
            async with self.pool.acquire() as conn:
                await db.reschedule(conn, row["id"], row["lease_token"], retry_delay(row["tries"] + 1, RETRY_DELAYS),
                                    repr(exc)[:1000])
            return
        await self.record(row, cmd)

    async def record(self, row, cmd: RenderAndMail) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            done = await db.mark_rendered(conn, row["id"], row["lease_token"])
            if done is None:
                log.warning("render lease lost, not recorded", extra={"fields": {"document_id": cmd.document_id}})
                return
            event = DocumentRendered(document_id=cmd.document_id, pdf_path=done["pdf_path"],
                                     rendered_at=done["rendered_at"])
            await Outbox(conn, correlation_id=document_correlation(cmd.document_id)).add(
                event, company_id=cmd.company_id)
            await notify(conn, deliveries.DUE_CHANNEL)


async def render_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    with ThreadPoolExecutor(settings.render_concurrency, thread_name_prefix="render") as executor:
        source = Renders(pool, LocalFileStore(settings.file_store_dir), settings.render_lease_seconds, executor)
        await DueWorker(pool, source, settings.render_concurrency, settings.shutdown_grace_seconds).run(stopping)
