"""RPC reports.receivables (GET /reports/receivables): the aging of what customers owe, as of a date.

Query: `as_of` (YYYY-MM-DD; default today in Ecuador), `customer_id` (one customer). A bad value
is a 422 naming it. The gateway also answers it as CSV (`?format=csv`, `Accept: text/csv`).
"""
from __future__ import annotations

from typing import Any

from services.payments.db import reports as db
from services.payments.domain.reports import Owed, aging
from services.payments.views import reports as views
from shared.contracts.rpc import RpcRequest
from shared.rpc.params import query_date, query_int, tenant
from shared.sri.timezone import today_ec


async def receivables_report(req: RpcRequest, *, conn) -> dict[str, Any]:
    company_id = tenant(req)
    as_of = query_date(req, "as_of") or today_ec()
    customer_id = query_int(req, "customer_id")
    owed = [Owed(r["customer_id"], r["customer_name"], r["issue_date"], r["due_date"], r["balance"],
                 r["customer_identification"])
            for r in await db.owed_as_of(conn, company_id, as_of, customer_id)]
    rows, totals = aging(owed, as_of)
    return views.receivables(rows, totals, as_of, customer_id)
