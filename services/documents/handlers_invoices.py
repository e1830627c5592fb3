"""RPC handlers: create invoices, sales orders and quotations; issue a draft.

They take only `pool` (no `conn`): each commits its document, then waits a bounded
time for the flow (see flow.py), so they manage their own transactions.
"""
from __future__ import annotations

from services.documents import flow
from services.documents.kinds import INVOICE, QUOTATION, SALES_ORDER
from services.documents.schemas_documents import InvoiceIn, SalesDocumentIn
from shared.contracts.rpc import RpcReply, RpcRequest


async def create_invoice(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/invoices (API.md Part A)."""
    return await flow.create(req, INVOICE, InvoiceIn, pool=pool, rpc=rpc, settings=settings)


async def create_sales_order(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/sales-orders: no stock, no SRI, own series."""
    return await flow.create(req, SALES_ORDER, SalesDocumentIn, pool=pool, rpc=rpc, settings=settings)


async def create_quotation(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/quotations: no stock, no SRI, own series."""
    return await flow.create(req, QUOTATION, SalesDocumentIn, pool=pool, rpc=rpc, settings=settings)


async def issue_document(req: RpcRequest, *, pool, rpc, settings) -> RpcReply:
    """POST /documents/{id}/issue: draft -> issued, the same flow as a create."""
    return await flow.issue(req, pool=pool, rpc=rpc, settings=settings)
