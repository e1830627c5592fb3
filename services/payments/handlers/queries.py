"""RPC payments.list (GET /payments, API.md Part A): the documents to collect, the newest payments
and, with `document_id`, the selected document's balance and the customer's available advance.

Query: `per_page`, `page`, `type` (invoice, sales_order, debit_note; `sales_note` = sales_order),
`status` (pending, partial, paid), `search` (series, number or customer), `document_id`. A bad
value is a 422 naming it. `document_id` of a document that cannot be collected here (unknown,
another company's, not recorded yet, cancelled or converted) is a 404.
"""
from __future__ import annotations

from typing import Any

from services.payments.db import advances, queries as db
from services.payments.domain.queries import (RECENT_PAYMENTS, STATUS_CHOICES, TYPE_CHOICES, ReceivableFilter,
                                              search_term)
from services.payments.views import queries as views
from shared.contracts.rpc import NotFound, RpcRequest
from shared.db.paging import parse_paging
from shared.rpc.params import query_choice, query_int, query_str, tenant
from shared.sri.timezone import today_ec

NOT_COLLECTABLE = "El documento no existe o no tiene una cuenta por cobrar abierta."


async def list_receivables(req: RpcRequest, *, conn) -> dict[str, Any]:
    company_id = tenant(req)
    paging = parse_paging(req)
    filters = ReceivableFilter(type=query_choice(req, "type", TYPE_CHOICES),
                               payment_status=query_choice(req, "status", STATUS_CHOICES),
                               term=search_term(query_str(req, "search"), "search"))
    document_id = query_int(req, "document_id")
    selected = None
    if document_id is not None:
        row = await db.collectable(conn, company_id, document_id)
        if row is None:
            raise NotFound(NOT_COLLECTABLE)
        selected = views.selected_document(row, await advances.available(conn, company_id, row["customer_id"]))
    found, total = await db.receivables_page(conn, company_id, filters, paging)
    recent = await db.recent_payments(conn, company_id, RECENT_PAYMENTS, document_id)
    return views.payments_page(found, total, paging, recent, selected, today_ec())
