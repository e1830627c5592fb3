"""RPC handlers: credit and debit notes (Part B). Own transactions, then the bounded wait."""
from __future__ import annotations

from services.documents import db_documents as db
from services.documents import flow, notes, remote
from services.documents.kinds import CREDIT_NOTE, DEBIT_NOTE
from services.documents.schemas_documents import CreditNoteIn, DebitNoteIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.rpc.validation import validate_body


async def create_credit_note(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/credit-notes: credits lines of an invoice, optionally returning stock."""
    body = validate_body(CreditNoteIn, req.body)
    deadline = flow.deadline_of(req, settings)
    conf, series = await notes.context(req, CREDIT_NOTE, body, pool=pool, rpc=rpc)
    if body.warehouse_id is not None:  # checked even without return_stock: never another company's id
        await remote.check_warehouse(rpc, req, body.warehouse_id)
    document_id = await db.next_document_id(pool)
    await flow.in_transaction(pool, document_id, lambda conn, outbox: notes.credit_note(
        req, body, document_id, conf, series, conn, outbox))
    return await flow.answer(req, document_id, deadline, CREDIT_NOTE.created, pool=pool, settings=settings)


async def create_debit_note(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/debit-notes: reasons with amounts, charged on an invoice."""
    body = validate_body(DebitNoteIn, req.body)
    deadline = flow.deadline_of(req, settings)
    conf, series = await notes.context(req, DEBIT_NOTE, body, pool=pool, rpc=rpc)
    document_id = await db.next_document_id(pool)
    await flow.in_transaction(pool, document_id, lambda conn, outbox: notes.debit_note(
        req, body, document_id, conf, series, conn, outbox))
    return await flow.answer(req, document_id, deadline, DEBIT_NOTE.created, pool=pool, settings=settings)
