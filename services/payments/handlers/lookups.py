"""RPC lookups.documents (GET /payments/lookups/documents, API.md Part A): the documents that still
owe something, for the collection screen's selector, 20 per page in Select2's shape.

Query: `q` (series, number or customer; see domain/queries.py), `page` (from 1).
"""
from __future__ import annotations

from typing import Any

from services.payments.db import queries as db
from services.payments.domain.queries import LOOKUP_PAGE_SIZE, ReceivableFilter, search_term
from services.payments.views.lookups import select2
from shared.contracts.rpc import RpcRequest
from shared.rpc.params import query_int, query_str, tenant


async def documents_lookup(req: RpcRequest, *, conn) -> dict[str, Any]:
    company_id = tenant(req)
    page = query_int(req, "page", minimum=1, maximum=1_000_000) or 1
    filters = ReceivableFilter(term=search_term(query_str(req, "q"), "q"), with_balance=True)
    rows = await db.receivables_slice(conn, company_id, filters, LOOKUP_PAGE_SIZE + 1,
                                      (page - 1) * LOOKUP_PAGE_SIZE)
    return select2(rows[:LOOKUP_PAGE_SIZE], more=len(rows) > LOOKUP_PAGE_SIZE)
