"""RPC handlers: list, detail, timeline, cancellation and e-mail of sales documents (one transaction each)."""
from __future__ import annotations

from typing import Any

from services.documents.db import documents as db
from services.documents.db import search as search_db
from services.documents.domain.kinds import STATUSES, TYPE_ALIASES
from services.documents.domain.search import (PAYMENT_STATUS_CHOICES, SRI_STATUS_CHOICES, DocumentFilter,
                                               search_term)
from services.documents.process import cancel, resend
from services.documents.views import documents as views
from shared.contracts.documents import EmailIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db import request_keys
from shared.db.outbox import Outbox
from shared.db.paging import parse_paging
from shared.messaging.inject import read_only
from shared.rpc.params import path_id, query_choice, query_date_range, query_int, query_str, tenant
from shared.rpc.replies import found, with_message
from shared.rpc.validation import validate_body


async def list_documents(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents (Part A: `type`, sales_note = sales_order, `status`, `per_page`, `page`) and the search."""
    filters, paging = document_filter(req), parse_paging(req)
    rows, total = await search_db.search(conn, tenant(req), filters, paging)
    return views.page(rows, total, paging)


def document_filter(req: RpcRequest) -> DocumentFilter:
    """The query of GET /documents; a bad value is a 422 naming its parameter."""
    date_from, date_to = query_date_range(req, "from", "to")
    return DocumentFilter(
        type=query_choice(req, "type", TYPE_ALIASES), status=query_choice(req, "status", STATUSES),
        sri_status=query_choice(req, "sri_status", SRI_STATUS_CHOICES),
        payment_status=query_choice(req, "payment_status", PAYMENT_STATUS_CHOICES),
        customer_id=query_int(req, "customer_id"), date_from=date_from, date_to=date_to,
        search=search_term(query_str(req, "search")))


@read_only
async def get_document(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents/{id} (Part A keys, and more)."""
    row, lines = found(await db.get_with_lines(conn, tenant(req), path_id(req)))
    return views.detail(row, lines)


@read_only
async def document_events(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /documents/{id}/events: the timeline, oldest first."""
    company_id = tenant(req)
    row = found(await db.get(conn, company_id, path_id(req)))
    return {"data": [views.event(e) for e in await db.events_of(conn, company_id, row["id"])]}


async def cancel_document(req: RpcRequest, *, conn, outbox: Outbox, rpc) -> dict[str, Any]:
    """POST /documents/{id}/cancel: 409 with the reason when the SRI authorized it (or it is busy there)
    or it has applied payments; 503 when payments cannot say (process/cancel.py)."""
    company_id = tenant(req)
    doc = found(await db.get(conn, company_id, path_id(req), for_update=True))
    row = await cancel.cancel(conn, outbox, doc, rpc=rpc, caller=req.identity)
    return with_message("Documento anulado correctamente.", views.detail(row, await db.lines_of(conn, doc["id"])))


async def email_document(req: RpcRequest, *, conn, outbox: Outbox) -> RpcReply:
    """POST /documents/{id}/email: (re)send the document, to `recipients` or its customer's address(es);
    202 once the mail request is queued (once per Idempotency-Key)."""
    company_id, document_id = tenant(req), path_id(req)
    body = validate_body(EmailIn, req.body)
    event = await resend.request_mail(conn, outbox, request_keys.of(req), company_id, document_id, body.recipients)
    return RpcReply(status=202, body=with_message(views.MAIL_QUEUED, views.mail_request(event)))
