"""Writing the issuance process to the database, inside the caller's transaction.

`record` stores a new document (row, lines, timeline and, when issued, its outbox
messages: the `documents.*_recorded` event and `sequencing.allocate_number`, sent only
after the commit). `load` and `save` are the two ends of every message handler: the
document locked, then an issuance Outcome written (columns, timeline, outbox).
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Mapping

import asyncpg

from services.documents.db import documents as db
from services.documents.domain import rules
from services.documents.process import issuance, once
from services.documents.process.issuance import Outcome, Submission
from services.documents.process.prepare import Draft, number_label
from shared.contracts.envelope import document_correlation
from shared.contracts.rpc import Conflict
from shared.db.inbox import Claim
from shared.db.outbox import HOLD_SECONDS, Outbox, Pending
from shared.db.request_keys import RequestKeys

log = logging.getLogger(__name__)
Row = asyncpg.Record


@asynccontextmanager
async def transaction(pool, document_id: int, request: RequestKeys | None = None
                      ) -> AsyncIterator[tuple[asyncpg.Connection, Outbox]]:
    """One transaction about a document, with an outbox correlated to it whose messages are held for
    `publish` (after the block). The request's keys are remembered first, with the document
    (once.py): a concurrent attempt of it makes this KeyTaken."""
    async with pool.acquire() as conn, conn.transaction():
        await once.remember(conn, request, document_id)
        yield conn, Outbox(conn, correlation_id=document_correlation(document_id), hold=HOLD_SECONDS)


async def publish(pool, relay, outbox: Outbox) -> None:
    """Right after `transaction` committed: its messages, through the service's relay (what cannot
    be sent now, the relay sends once the hold is over). Never raises but for a cancellation."""
    if outbox.held:
        async with pool.acquire() as conn:
            await relay.publish_held(conn, outbox.held)


async def record(conn, outbox: Outbox, company_id: int, document_id: int, draft: Draft) -> Row:
    """Insert the document (409 on a manual number taken meanwhile), its lines and its timeline;
    mark a converted source; an issued document starts its issuance process."""
    source = await _lock_source(conn, company_id, draft)
    try:
        row = await db.insert_document(conn, company_id, document_id, draft.header)
    except asyncpg.UniqueViolationError:
        label = number_label(draft.header["series"], draft.header["manual_number"] or 0)
        raise Conflict(f"El número {label} ya fue utilizado en la serie.") from None
    if source is not None:
        await db.update(conn, company_id, source["id"], {"converted_to_id": document_id})
        await db.add_event(conn, company_id, source["id"], "converted", {"document_id": document_id})
    events = [("created", {"type": row["type"], "status": row["status"], "total": str(row["total"])})]
    if row["mail_status"] == "skipped":
        events.append(("mail_skipped", {"reason": row["mail"].get("reason")}))
    commands = issuance.issued_commands(row, draft.lines, source["type"] if source is not None else None) \
        if draft.issued else ()
    await db.write(conn, company_id, document_id, lines=draft.lines, events=events,
                   pending=_pending(outbox, row, commands))
    return row


async def _lock_source(conn, company_id: int, draft: Draft) -> Row | None:
    if draft.convert_id is None:
        return None
    source = await db.get(conn, company_id, draft.convert_id, for_update=True)
    rules.check_conversion(source, draft.kind.type)
    return source


async def source_type(conn, row: Mapping) -> str | None:
    """The type of the document this one converts or modifies (None without one)."""
    if row["source_document_id"] is None:
        return None
    return (await db.get(conn, row["company_id"], row["source_document_id"]))["type"]


async def load(conn, inbox: Claim, message_type: str, document_id: int, company_id: int | None) -> Mapping | None:
    """The document a message is about, locked (the envelope's company, when it carries one), with the
    message's inbox claim in the same round trip; None for a message already handled."""
    row = await db.claim_and_lock(conn, inbox, document_id, company_id)
    if row is None:
        inbox.made(True)  # no such document: nothing to do, now or on a redelivery
        log.warning("message about an unknown document", extra={"fields": {"type": message_type, "id": document_id}})
    return row if inbox.claimed else None


async def submission(conn, row: Mapping) -> Submission:
    """What the SRI snapshot of the document is built from."""
    source_id = row["source_document_id"]
    source = await db.get(conn, row["company_id"], source_id) if source_id else None
    company, lines = await db.company_and_lines(conn, row["company_id"], row["id"])
    return Submission(company, row, lines, source)


async def save(conn, outbox: Outbox | None, row: Mapping, outcome: Outcome) -> Mapping:
    """Write an Outcome in one statement: its column changes, its timeline events, its messages (outbox)."""
    updated = await db.write(conn, row["company_id"], row["id"], changes=dict(outcome.changes),
                             events=[(e.name, e.detail) for e in outcome.events],
                             pending=_pending(outbox, row, outcome.commands))
    return updated if outcome.changes else row


def _pending(outbox: Outbox | None, row: Mapping, commands) -> Pending | None:
    """The messages about the document, correlated to it (an outbox is needed only when there are some)."""
    if not commands:
        return None
    return outbox.pending(commands, company_id=row["company_id"], correlation_id=document_correlation(row["id"]))

