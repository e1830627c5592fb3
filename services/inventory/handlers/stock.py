"""stock.list: the stock levels per warehouse and product."""
from __future__ import annotations

from typing import Any

from services.inventory.db import stock as db_stock
from services.inventory.views.stock import stock_row
from shared.contracts.rpc import RpcRequest
from shared.db.paging import paginate
from shared.rpc.params import query_int, tenant


async def list_stock(req: RpcRequest, *, conn) -> dict[str, Any]:
    warehouse_id, product_id = query_int(req, "warehouse_id"), query_int(req, "product_id")
    company = tenant(req)
    return await paginate(req, lambda paging: db_stock.list_stock(conn, company, warehouse_id, product_id, paging),
                          stock_row)
