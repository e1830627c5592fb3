"""Creating and issuing documents on request (ARCHITECTURE "Issuing an invoice", steps 2-4
and 9): prepare (validate and price), reserve stock, record in one transaction, then wait
a bounded time for the issuance process (numbering, stock, SRI) and answer with its state.

Each step is an explicit call; the use cases take only `pool` (they commit, then wait).
"""
from __future__ import annotations

from services.documents.db import documents as db
from services.documents.domain import rules
from services.documents.domain.kinds import KINDS
from services.documents.domain.pricing import stock_lines
from services.documents.process import issuance, notes, prepare, record, remote, wait
from services.documents.process.commands import CreateDocument, IssueDraft
from services.documents.views import documents as views
from shared.contracts.rpc import RpcReply
from shared.rpc.replies import found, with_message

ISSUED = "Documento emitido correctamente."


async def answer(company_id: int, document_id: int, deadline: float, message: str, *, pool, settings,
                 status: int = 201) -> RpcReply:
    """Wait (bounded) for the issuance process, then answer with the state it reached."""
    row = await wait.wait_for(pool, company_id, document_id, deadline, settings.wait_until)
    return RpcReply(status=status, body=with_message(message, views.created(row)))


async def sales_document(cmd: CreateDocument, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/invoices, /sales-orders, /quotations."""
    draft = await prepare.sales_draft(cmd, pool=pool, rpc=rpc, settings=settings)
    document_id = await db.next_document_id(pool)
    async with remote.reservation(rpc, cmd.caller, document_id, cmd.body.warehouse_id, draft.reservation(),
                                  settings.reservation_ttl_seconds), \
            record.transaction(pool, document_id) as (conn, outbox):
        await record.record(conn, outbox, cmd.company_id, document_id, draft)
    return await answer(cmd.company_id, document_id, cmd.deadline, cmd.kind.created, pool=pool, settings=settings)


async def credit_note(cmd: CreateDocument, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/credit-notes: credits lines of an invoice, optionally returning stock."""
    conf, series = await notes.context(cmd, pool=pool, rpc=rpc)
    if cmd.body.warehouse_id is not None:  # checked even without return_stock: never another company's id
        await remote.check_warehouse(rpc, cmd.caller, cmd.body.warehouse_id)
    document_id = await db.next_document_id(pool)
    async with record.transaction(pool, document_id) as (conn, outbox):
        await notes.credit_note(conn, outbox, cmd, document_id, conf, series)
    return await answer(cmd.company_id, document_id, cmd.deadline, cmd.kind.created, pool=pool, settings=settings)


async def debit_note(cmd: CreateDocument, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/debit-notes: reasons with amounts, charged on an invoice."""
    conf, series = await notes.context(cmd, pool=pool, rpc=rpc)
    document_id = await db.next_document_id(pool)
    async with record.transaction(pool, document_id) as (conn, outbox):
        await notes.debit_note(conn, outbox, cmd, document_id, conf, series)
    return await answer(cmd.company_id, document_id, cmd.deadline, cmd.kind.created, pool=pool, settings=settings)


async def issue_draft(cmd: IssueDraft, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/{id}/issue: a draft becomes issued and runs the same process."""
    async with pool.acquire() as conn:
        doc = found(await db.get(conn, cmd.company_id, cmd.document_id))
        lines = await db.lines_of(conn, cmd.document_id)
    rules.check_draft(doc)
    stock = stock_lines(lines) if KINDS[doc["type"]].stock else []
    async with remote.reservation(rpc, cmd.caller, cmd.document_id, doc["warehouse_id"], stock,
                                  settings.reservation_ttl_seconds), \
            record.transaction(pool, cmd.document_id) as (conn, outbox):
        locked = await db.get(conn, cmd.company_id, cmd.document_id, for_update=True)
        await record.save(conn, outbox, locked, issuance.on_issued(locked, lines))
    return await answer(cmd.company_id, cmd.document_id, cmd.deadline, ISSUED, pool=pool, settings=settings,
                        status=200)
