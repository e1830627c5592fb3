"""Cancelling a document before the SRI authorized it, and undoing its links."""
from __future__ import annotations

from typing import Mapping

from services.documents.db import documents as db
from services.documents.domain import credits
from services.documents.process import issuance, record
from shared.db.outbox import Outbox


async def cancel(conn, outbox: Outbox, doc: Mapping) -> Mapping:
    """The locked document cancelled (409 with the reason when it cannot be); issued, it tells
    the other services (DocumentCancelled) to release what it held."""
    cancelled = issuance.on_cancelled(doc)
    await undo_links(conn, doc)
    return await record.save(conn, outbox, doc, cancelled)


async def undo_links(conn, doc) -> None:
    """A cancelled credit note gives back what it credited; a cancelled conversion frees its source."""
    source_id, company_id = doc["source_document_id"], doc["company_id"]
    if source_id is None:
        return
    source = await db.get(conn, company_id, source_id, for_update=True)
    if doc["type"] == "credit_note":
        await db.add_credited(conn, credits.credited_by_line(await db.lines_of(conn, doc["id"]), sign=-1))
        await db.add_credited_total(conn, company_id, source_id, -doc["total"])
    elif source["converted_to_id"] == doc["id"]:
        await db.update(conn, company_id, source_id, {"converted_to_id": None})
    await db.add_event(conn, company_id, source_id, "link_cancelled", {"document_id": doc["id"]})
