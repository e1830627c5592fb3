"""RPC customers.advances (GET /customers/{id}/advances): what the customer can apply, and the list.

payments does not own customers: an id it has no advances for (unknown, or another company's)
answers an empty list and 0 available, never another company's data.
"""
from __future__ import annotations

from typing import Any

from services.payments.db import advances
from services.payments.views.payments import advance
from shared.contracts.rpc import RpcRequest
from shared.db.paging import page_body, parse_paging
from shared.rpc.formatting import money
from shared.rpc.params import path_id, tenant


async def customer_advances(req: RpcRequest, *, conn) -> dict[str, Any]:
    company_id, customer_id = tenant(req), path_id(req)
    paging = parse_paging(req)
    rows, total = await advances.page_of_customer(conn, company_id, customer_id, paging.limit, paging.offset)
    available = await advances.available(conn, company_id, customer_id)
    return {"customer_id": customer_id, "available_advance": money(available),
            **page_body([advance(r) for r in rows], total, paging)}
