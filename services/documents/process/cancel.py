"""Cancelling a document before the SRI authorized it, and undoing its links.

A document with applied payments cannot be cancelled, and payments decides that: an issued
document with a receivable (invoice, sales order, debit note: rules.guarded_by_payments) is
cancelled only once payments' `receivables.close` answered 200. payments serializes that
call and POST /payments on the receivable's row, so of a cancel and a payment racing exactly
one wins: the payment first, the close is a 409 with payments' reason and so is the cancel;
the close first, the payment is refused (the receivable stays closed) and the cancel commits.

The call is made while the document is locked, after the local checks (a document that is
not cancellable never closes its receivable) and before anything is written: check, close
and commit are one step for every other writer of the document, which waits the call's
time at most (RPC_TIMEOUT_SECONDS). payments down or silent is a 503 and nothing changes
here. Should documents stop (or the reply be lost) after the close, the receivable is closed
but the document is not cancelled: retrying the cancel closes again (idempotent) and commits.
"""
from __future__ import annotations

from typing import Mapping

from services.documents.db import documents as db
from services.documents.domain import credits, rules
from services.documents.process import issuance, record, remote
from shared.contracts.rpc import Identity
from shared.db.outbox import Outbox


async def cancel(conn, outbox: Outbox, doc: Mapping, *, rpc, caller: Identity) -> Mapping:
    """The locked document cancelled (409 with the reason when it cannot be, payments' when it has
    applied payments); issued, it tells the other services (DocumentCancelled) to release what it held."""
    cancelled = issuance.on_cancelled(doc)
    if rules.guarded_by_payments(doc):
        await remote.close_receivable(rpc, caller, doc["id"], doc["type"])
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
