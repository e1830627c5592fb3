"""The issuance flow of a request (ARCHITECTURE "Issuing an invoice", steps 2-4 and 9):
validate and price, reserve stock, record in one transaction, then wait a bounded time.

The RPC handlers using it take only `pool`: they commit, then wait for the
consumers (numbering, stock, SRI) to move the document on.
"""
from __future__ import annotations

import time
from typing import Any, Awaitable, Callable

from services.documents import db_documents as db
from services.documents import prepare, pricing, recording, waiting
from services.documents import remote
from services.documents import views_documents as views
from services.documents.kinds import KINDS, Kind
from shared.rpc.params import path_id, tenant
from shared.rpc.replies import found, with_message
from shared.contracts.rpc import Conflict, RpcReply, RpcRequest
from shared.rpc.validation import validate_body
from shared.db.outbox import Outbox

Write = Callable[[Any, Outbox], Awaitable[Any]]
ISSUED = "Documento emitido correctamente."


def deadline_of(req: RpcRequest, settings) -> float:
    """When the answer is due (time.monotonic()): `?wait=` counts from the request's arrival,
    so the calls made before the commit eat into it and the call stays within the gateway's timeout."""
    wait = waiting.requested_wait(req, settings.invoice_wait_seconds, settings.invoice_wait_max_seconds)
    return time.monotonic() + wait


async def in_transaction(pool, document_id: int, write: Write) -> Any:
    async with pool.acquire() as conn, conn.transaction():
        return await write(conn, Outbox(conn, correlation_id=recording.correlation(document_id)))


async def reserve_and_record(req: RpcRequest, document_id: int, stock: list[dict[str, Any]],
                             warehouse_id: int | None, write: Write, *, pool, rpc, settings) -> None:
    """Reserve the stock lines (inventory's 422 when short), then record; a failed
    record releases the reservation, so nothing is recorded, numbered or moved."""
    if stock:
        await remote.reserve(rpc, req, document_id, warehouse_id, stock, settings.reservation_ttl_seconds)
    try:
        await in_transaction(pool, document_id, write)
    except BaseException:
        if stock:
            await remote.release(rpc, req, document_id)
        raise


async def answer(req: RpcRequest, document_id: int, deadline: float, message: str, *, pool, settings,
                 status: int = 201) -> RpcReply:
    """Wait (bounded) for the flow, then answer with the state it reached."""
    row = await waiting.wait_for(pool, tenant(req), document_id, deadline, settings.wait_until)
    return RpcReply(status=status, body=with_message(message, views.created(row)))


async def create(req: RpcRequest, kind: Kind, schema: type, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/invoices, /sales-orders, /quotations."""
    body = validate_body(schema, req.body)
    deadline = deadline_of(req, settings)
    draft = await prepare.sales_draft(req, kind, body, pool=pool, rpc=rpc, settings=settings)
    document_id = await db.next_document_id(pool)

    async def write(conn, outbox: Outbox):
        return await recording.record(conn, outbox, tenant(req), document_id, draft)

    await reserve_and_record(req, document_id, draft.reservation(), body.warehouse_id, write,
                             pool=pool, rpc=rpc, settings=settings)
    return await answer(req, document_id, deadline, kind.created, pool=pool, settings=settings)


def check_draft(doc) -> None:
    if doc["status"] != "draft":
        raise Conflict("Solo un documento en borrador puede emitirse.")


async def issue(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/{id}/issue: a draft becomes issued and runs the same flow."""
    company_id, document_id = tenant(req), path_id(req)
    deadline = deadline_of(req, settings)
    async with pool.acquire() as conn:
        doc = found(await db.get(conn, company_id, document_id))
        lines = await db.lines_of(conn, document_id)
    check_draft(doc)
    kind = KINDS[doc["type"]]
    stock = pricing.stock_lines(lines) if kind.stock else []
    moves = bool(recording.moving_lines(kind, doc["return_stock"], lines))

    async def write(conn, outbox: Outbox):
        check_draft(await db.get(conn, company_id, document_id, for_update=True))
        row = await db.update(conn, company_id, document_id, {
            "status": "issued", "process_state": "numbering", "stock_expected": moves})
        await db.add_event(conn, company_id, document_id, "issued")
        await recording.publish_issued(outbox, row, lines)

    await reserve_and_record(req, document_id, stock, doc["warehouse_id"], write, pool=pool, rpc=rpc,
                             settings=settings)
    return await answer(req, document_id, deadline, ISSUED, pool=pool, settings=settings, status=200)
