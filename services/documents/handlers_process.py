"""Message handlers of the issuance process (steps 5-6): numbering and stock results.

Each runs in the consumer's transaction with the inbox claim, so a redelivery
changes nothing twice; a message about a document already past that step is a no-op.
"""
from __future__ import annotations

import logging

from services.documents import db, snapshot
from services.documents import db_documents as ddb
from services.documents.kinds import KINDS
from shared.contracts.envelope import Envelope
from shared.contracts.inventory import StockApplied
from shared.contracts.registry import parse_payload
from shared.contracts.sequencing import NumberAllocated, NumberRejected
from shared.db.outbox import Outbox

log = logging.getLogger(__name__)


async def document_of(conn, env: Envelope, document_id: int):
    row = await ddb.get_any(conn, document_id, env.company_id)
    if row is None:
        log.warning("message about an unknown document", extra={"fields": {"type": env.type, "id": document_id}})
    return row


async def handle_number_allocated(env: Envelope, *, conn, outbox: Outbox) -> None:
    """sequencing.number_allocated v1: store the number, then send the document to the SRI."""
    msg = parse_payload(env, NumberAllocated)
    doc = await document_of(conn, env, msg.document_id)
    if doc is None or doc["number"] is not None:
        return
    state = "numbered" if doc["process_state"] in ("numbering", "failed") else doc["process_state"]
    row = await ddb.update(conn, doc["company_id"], doc["id"], {
        "series": msg.series, "number": msg.number, "numbered_at": msg.allocated_at, "process_state": state})
    await ddb.add_event(conn, doc["company_id"], doc["id"], "numbered", {"number": msg.display_number})
    await submit_to_sri(conn, outbox, row)


async def handle_number_rejected(env: Envelope, *, conn) -> None:
    """sequencing.number_rejected v1: the flow stops; the reason goes to the timeline."""
    msg = parse_payload(env, NumberRejected)
    doc = await document_of(conn, env, msg.document_id)
    if doc is None or doc["number"] is not None:
        return
    state = "failed" if doc["process_state"] == "numbering" else doc["process_state"]
    await ddb.update(conn, doc["company_id"], doc["id"], {"process_state": state})
    await ddb.add_event(conn, doc["company_id"], doc["id"], "number_rejected", {"reason": msg.reason})


async def handle_stock_applied(env: Envelope, *, conn) -> None:
    """inventory.stock_applied v1: the reservation became a movement (or stock returned)."""
    msg = parse_payload(env, StockApplied)
    doc = await document_of(conn, env, msg.document_id)
    if doc is None or doc["stock_applied_at"] is not None:
        return
    await ddb.update(conn, doc["company_id"], doc["id"],
                     {"stock_movement_id": msg.movement_id, "stock_applied_at": msg.applied_at})
    await ddb.add_event(conn, doc["company_id"], doc["id"], "stock_applied",
                        {"movement_id": msg.movement_id, "warehouse_id": msg.warehouse_id})


async def submit_to_sri(conn, outbox: Outbox, row) -> None:
    """Step 6: `sri.submit_document` with the full snapshot, unless the company turned it off.

    Until the submitter runs, the command waits in the outbox and sri_status stays pending.
    """
    company_id = row["company_id"]
    if not KINDS[row["type"]].sri or row["status"] != "issued":
        return
    company = await db.get_company(conn, company_id)
    if company is not None and (company["settings"] or {}).get("auto_sri_submit") is False:
        return
    source = await ddb.get(conn, company_id, row["source_document_id"]) if row["source_document_id"] else None
    try:
        command = snapshot.build(company, row, await ddb.lines_of(conn, row["id"]), source)
    except snapshot.SnapshotError as exc:
        await ddb.update(conn, company_id, row["id"], {"sri_status": "error"})
        await ddb.add_event(conn, company_id, row["id"], "sri_error", {"reason": str(exc)})
        return
    await outbox.add(command, company_id=company_id)
    await ddb.update(conn, company_id, row["id"], {"sri_submitted": True})
    await ddb.add_event(conn, company_id, row["id"], "sri_submitted", {"environment": command.environment})
