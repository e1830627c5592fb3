"""The reports' reads: the warehouse filter both accept, and the inventory report's data."""
from __future__ import annotations

from decimal import Decimal

from services.inventory.db import movements as db_movements
from services.inventory.db import reports as db_reports
from services.inventory.db.warehouses import warehouses
from shared.contracts.rpc import Unprocessable
from shared.db.rows import Row


async def check_warehouse_filter(conn, company_id: int, warehouse_id: int | None) -> None:
    """422 when a `warehouse_id` filter names no warehouse of the company."""
    if warehouse_id is not None and await warehouses.get(conn, company_id, warehouse_id) is None:
        raise Unprocessable({"warehouse_id": ["El almacén seleccionado no existe."]})


async def stock_with_costs(conn, company_id: int, warehouse_id: int | None
                           ) -> tuple[list[Row], dict[int, Decimal]]:
    """The stock levels (of one warehouse, or all) and each product's average cost, for valuation."""
    await check_warehouse_filter(conn, company_id, warehouse_id)
    rows = await db_reports.stock_levels(conn, company_id, warehouse_id)
    return rows, await db_movements.average_costs(conn, company_id)
