"""inventory reports over RPC: kardex.get and reports.inventory (thin)."""
from __future__ import annotations

from typing import Any

from services.inventory import db, db_reports, views
from services.inventory import db_reservations as dbr
from shared.rpc.params import path_id, query_int, tenant
from shared.rpc.replies import found
from shared.contracts.rpc import RpcRequest, Unprocessable
from shared.db.paging import paginate


async def get_kardex(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Movement history of a product, oldest first, with the running balance (Laravel paging)."""
    company = tenant(req)
    product = found(await db.products.get(conn, company, path_id(req, "product_id")))
    warehouse_id = await _warehouse(req, conn, company)
    return await paginate(req, lambda paging: db_reports.kardex(conn, company, product["id"], warehouse_id, paging),
                          views.kardex_row)


async def inventory_report(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Stock and its value at weighted average cost, per warehouse and product, with totals."""
    company = tenant(req)
    rows = await db_reports.stock_levels(conn, company, await _warehouse(req, conn, company))
    return views.inventory_report(rows, await dbr.average_costs(conn, company))


async def _warehouse(req: RpcRequest, conn, company: int) -> int | None:
    warehouse_id = query_int(req, "warehouse_id")
    if warehouse_id is not None and await db.warehouses.get(conn, company, warehouse_id) is None:
        raise Unprocessable({"warehouse_id": ["El almacén seleccionado no existe."]})
    return warehouse_id
