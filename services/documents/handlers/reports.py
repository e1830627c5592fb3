"""RPC handlers of the accountant's reports: reports.sales and reports.taxes (reads only).

Query of both: `from`, `to` (YYYY-MM-DD, inclusive; default the current month in Ecuador,
at most 366 days), `sri_status` (default: every issued document, whatever the SRI said;
`authorized` for what the SRI authorized). reports.sales also takes `group_by`
(day | month | customer | product; default day).
"""
from __future__ import annotations

from typing import Any

from services.documents.db import reports as db
from services.documents.domain import reports, reports_taxes
from services.documents.domain.search import SRI_STATUS_CHOICES
from services.documents.views import reports as views
from shared.contracts.rpc import RpcRequest
from shared.rpc.params import query_choice, query_date_range, tenant
from shared.sri.timezone import today_ec

GROUP_CHOICES = {g: g for g in reports.GROUPINGS}
_LABELS = {"customer": ("customer_id", "identification", "name"),
           "product": ("product_id", "product_code", "description")}


def report_scope(req: RpcRequest) -> db.Scope:
    """The period and SRI filter of a report; a bad value is a 422 naming its parameter."""
    start, end = reports.period(*query_date_range(req, "from", "to"), today_ec())
    return db.Scope(tenant(req), start, end, query_choice(req, "sri_status", SRI_STATUS_CHOICES))


async def sales_report(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /reports/sales: invoices and debit notes minus credit notes, per day, month, customer or product."""
    scope = report_scope(req)
    group_by = query_choice(req, "group_by", GROUP_CHOICES, default="day")
    if group_by == "product":
        rows = await db.by_products(conn, scope)
    else:
        rows = await db.by_documents(conn, scope, group_by)
    found = reports.groups(rows, _LABELS.get(group_by, ()))
    if group_by in _LABELS:
        found = reports.by_total(found, _LABELS[group_by][-1])
    return views.sales(found, reports.totals(found), group_by, scope.start, scope.end, scope.sri_status)


async def taxes_report(req: RpcRequest, *, conn) -> dict[str, Any]:
    """GET /reports/taxes: IVA bases and amounts per rate, credit notes subtracted, and the form's lines."""
    scope = report_scope(req)
    found = reports_taxes.rates(await db.by_rates(conn, scope))
    return views.taxes(found, reports_taxes.totals(found), reports_taxes.form_104(found), scope.start, scope.end,
                       scope.sri_status, await db.counts(conn, scope))
