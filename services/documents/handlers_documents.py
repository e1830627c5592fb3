"""RPC handlers: list, detail, timeline and cancellation of sales documents (one transaction each)."""
from __future__ import annotations

from typing import Any

from services.documents import credits, rules
from services.documents import db_documents as db
from services.documents import views_documents as views
from services.documents.kinds import STATUSES, TYPE_ALIASES
from services.documents.recording import correlation
from shared.contracts.documents import DocumentCancelled
from shared.rpc.params import path_id, query_choice, tenant
from shared.rpc.replies import found, with_message
from shared.contracts.rpc import RpcRequest
from shared.db.outbox import Outbox
from shared.db.paging import parse_paging


async def list_documents(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents (Part A): `type` (sales_note = sales_order), `status`, `per_page`, `page`."""
    doc_type = query_choice(req, "type", TYPE_ALIASES)
    status = query_choice(req, "status", STATUSES)
    paging = parse_paging(req)
    rows, total = await db.search(conn, tenant(req), doc_type, status, paging)
    return views.page(rows, total, paging)


async def get_document(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents/{id} (Part A keys, and more)."""
    row = found(await db.get(conn, tenant(req), path_id(req)))
    return views.detail(row, await db.lines_of(conn, row["id"]))


async def document_events(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents/{id}/events: the timeline, oldest first."""
    company_id = tenant(req)
    row = found(await db.get(conn, company_id, path_id(req)))
    return {"data": [views.event(e) for e in await db.events_of(conn, company_id, row["id"])]}


async def cancel_document(req: RpcRequest, *, conn, outbox: Outbox) -> dict[str, Any]:
    """POST /documents/{id}/cancel: 409 with the reason when the SRI authorized it (or it is busy there)."""
    company_id = tenant(req)
    doc = found(await db.get(conn, company_id, path_id(req), for_update=True))
    rules.check_cancel(doc)
    await _undo_links(conn, doc)
    row = await db.update(conn, company_id, doc["id"], {"status": "cancelled", "process_state": "cancelled"})
    await db.add_event(conn, company_id, doc["id"], "cancelled", {"previous_status": doc["status"]})
    if doc["status"] == "issued":
        await outbox.add(DocumentCancelled(document_id=doc["id"], document_type=doc["type"]),
                         company_id=company_id, correlation_id=correlation(doc["id"]))
    return with_message("Documento anulado correctamente.", views.detail(row, await db.lines_of(conn, doc["id"])))


async def _undo_links(conn, doc) -> None:
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
