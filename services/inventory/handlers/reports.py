"""kardex.get and reports.inventory."""
from __future__ import annotations

from typing import Any

from services.inventory.db import reports as db_reports
from services.inventory.db.products import products
from services.inventory.process import reports
from services.inventory.views.reports import inventory_report as report_view
from services.inventory.views.reports import kardex_row
from shared.contracts.rpc import RpcRequest
from shared.db.paging import paginate
from shared.rpc.params import path_id, query_int, tenant
from shared.rpc.replies import found


async def get_kardex(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Movement history of a product, oldest first, with the running balance (Laravel paging)."""
    company = tenant(req)
    product = found(await products.get(conn, company, path_id(req, "product_id")))
    warehouse_id = query_int(req, "warehouse_id")
    await reports.check_warehouse_filter(conn, company, warehouse_id)
    return await paginate(req, lambda paging: db_reports.kardex(conn, company, product["id"], warehouse_id, paging),
                          kardex_row)


async def inventory_report(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Stock and its value at weighted average cost, per warehouse and product, with totals."""
    rows, costs = await reports.stock_with_costs(conn, tenant(req), query_int(req, "warehouse_id"))
    return report_view(rows, costs)
