"""RPC handlers: create invoices, sales orders and quotations; issue a draft.

Each reads the request once into a typed command (company, caller, validated body,
`?wait=` deadline) and calls the use case (process/create.py). They take only `pool`
(no `conn`): the use case commits its document, then waits a bounded time.
"""
from __future__ import annotations

from services.documents.domain.kinds import INVOICE, QUOTATION, SALES_ORDER, Kind
from services.documents.process import create, wait
from services.documents.process.commands import CreateDocument, IssueDraft
from shared.contracts.documents import InvoiceIn, SalesDocumentIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db import request_keys
from shared.rpc.params import path_id, query_str, tenant
from shared.rpc.validation import validate_body


def create_command(req: RpcRequest, kind: Kind, schema: type, settings) -> CreateDocument:
    """The create request as a command: its body validated, then `?wait=`, then the tenant. (The
    issue date's window depends on the day: it is checked after the request's key, create.py.)"""
    body = validate_body(schema, req.body)
    deadline = wait.deadline(query_str(req, "wait"), settings)
    tenant(req)  # 403 without an identity
    return CreateDocument(req.identity, kind, body, deadline, request_keys.of(req))


async def create_invoice(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/invoices (API.md Part A)."""
    cmd = create_command(req, INVOICE, InvoiceIn, settings)
    return await create.sales_document(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def create_sales_order(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/sales-orders: no stock, no SRI, own series."""
    cmd = create_command(req, SALES_ORDER, SalesDocumentIn, settings)
    return await create.sales_document(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def create_quotation(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/quotations: no stock, no SRI, own series."""
    cmd = create_command(req, QUOTATION, SalesDocumentIn, settings)
    return await create.sales_document(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def issue_document(req: RpcRequest, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/{id}/issue: draft -> issued, the same process as a create."""
    tenant(req)
    cmd = IssueDraft(req.identity, path_id(req), wait.deadline(query_str(req, "wait"), settings),
                     request_keys.of(req))
    return await create.issue_draft(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay)
