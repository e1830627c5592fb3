"""The mail worker: claims due deliveries (their document rendered), MAIL_CONCURRENCY at a time,
builds each message (authorized XML and RIDE PDF attached) and sends it (process/smtp.py);
process/outcomes.py records what happened and publishes it.

Exactly once, and its window: the claim commits the delivery as `sending` (leased) before any
SMTP talk, and `sent` is committed right after the server's 250 to DATA. Only a kill (or a lost
database) between that 250 and that commit can send one mail twice: the lease ends, another
attempt sends it again with the SAME Message-ID (fixed when the delivery was recorded), so mail
clients that dedupe by Message-ID show it once. A recorded `sent` is never sent again.
"""
from __future__ import annotations

import asyncio
import logging

import asyncpg

from services.renderer_mailer.db import deliveries as db, renders
from services.renderer_mailer.domain import message
from services.renderer_mailer.domain.files import xml_file_name
from services.renderer_mailer.domain.outcome import Failure, classify
from services.renderer_mailer.process.outcomes import Outcomes
from services.renderer_mailer.process.smtp import SmtpSender
from services.renderer_mailer.settings import Settings
from shared.contracts.renderer import RenderAndMail
from shared.runtime.due_worker import DueWorker, LeasedSource
from shared.storage import FileStore, LocalFileStore, StoredFileMissing

log = logging.getLogger(__name__)
MISSING_FILE = "No se encontró el archivo del documento en el almacenamiento: {path}"
NOT_PREPARED = "No se pudo preparar el correo: {error}"


class Deliveries(LeasedSource):
    """The DueSource of the mail_deliveries table."""

    rows = db.DUE_ROWS
    channel = db.DUE_CHANNEL

    def __init__(self, pool: asyncpg.Pool, store: FileStore, sender: SmtpSender, settings: Settings):
        self.pool, self.store, self.sender, self.settings = pool, store, sender, settings
        self.lease_seconds = settings.lease_seconds
        self.outcomes = Outcomes(pool, settings)

    def task_name(self, row) -> str:
        return f"mail-{row['id']}"

    async def compose(self, row):
        """The message of a delivery: the document's command (kept with its render) and its files."""
        async with self.pool.acquire() as conn:
            render = await renders.by_document(conn, row["company_id"], row["document_id"])
        cmd = RenderAndMail.model_validate(render["command"])
        files = [message.Attachment(render["file_name"], await self.store.get(render["pdf_path"]), "application/pdf")]
        if cmd.authorization is not None and cmd.snapshot is not None:
            xml = await self.store.get(cmd.authorization.xml_path)
            files.insert(0, message.Attachment(xml_file_name(cmd.authorization.access_key), xml, "application/xml"))
        addressing = message.Addressing(self.settings.mail_from, row["recipients"], row["message_id"],
                                        self.settings.mail_reply_to)
        return message.build(cmd, addressing, files)

    async def process(self, row) -> None:
        try:
            mail = await self.compose(row)
        except StoredFileMissing as exc:
            await self.outcomes.failed(row, Failure(None, MISSING_FILE.format(path=exc), permanent=False))
            return
        except Exception as exc:  # noqa: BLE001 - a bug or bad data: an attempt, retried, then failed
            log.exception("mail not prepared", extra={"fields": {"delivery_id": row["id"]}})
            await self.outcomes.failed(row, Failure(None, NOT_PREPARED.format(error=repr(exc)), permanent=False))
            return
        try:
            reply = await self.sender.send(mail, row["recipients"])
        except Exception as exc:  # noqa: BLE001 - every failure to send is classified and recorded
            await self.outcomes.failed(row, classify(exc))
            return
        await self.outcomes.sent(row, reply)


async def mail_worker(*, pool: asyncpg.Pool, settings: Settings, stopping: asyncio.Event) -> None:
    """Background task of the service (ServiceSpec.background)."""
    source = Deliveries(pool, LocalFileStore(settings.file_store_dir), SmtpSender(settings), settings)
    await DueWorker(pool, source, settings.mail_concurrency, settings.shutdown_grace_seconds).run(stopping)
