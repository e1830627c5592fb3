"""Reports (asyncpg): the kardex (ledger with a running balance) and the stock levels."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging

Row = asyncpg.Record
_KARDEX = "l.company_id = $1 AND l.product_id = $2 AND ($3::bigint IS NULL OR l.warehouse_id = $3)"


async def kardex(conn, company_id: int, product_id: int, warehouse_id: int | None,
                 paging: Paging) -> tuple[list[Row], int]:
    """Ledger entries in order with the running balance (of the warehouse, or of all of them)."""
    found = await conn.fetch(
        f"""SELECT l.created_at, l.movement_id, m.type, m.reference, m.source_type, m.source_id, l.warehouse_id,
                   l.delta, sum(l.delta) OVER (ORDER BY l.id) AS balance, i.unit_cost
              FROM stock_ledger l JOIN movements m ON m.id = l.movement_id
              LEFT JOIN movement_items i ON i.movement_id = l.movement_id AND i.line_no = l.line_no
             WHERE {_KARDEX} ORDER BY l.id LIMIT $4 OFFSET $5""",
        company_id, product_id, warehouse_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM stock_ledger l WHERE {_KARDEX}",
                                company_id, product_id, warehouse_id)
    return found, total


async def stock_levels(conn, company_id: int, warehouse_id: int | None) -> list[Row]:
    """Every (warehouse, product) holding stock, by warehouse code and product code."""
    return await conn.fetch(
        """SELECT s.warehouse_id, w.code AS warehouse_code, s.product_id, p.code AS product_code,
                  p.name AS product_name, s.quantity
             FROM stock s JOIN warehouses w ON w.id = s.warehouse_id JOIN products p ON p.id = s.product_id
            WHERE s.company_id = $1 AND s.quantity <> 0 AND ($2::bigint IS NULL OR s.warehouse_id = $2)
            ORDER BY w.code, p.code""", company_id, warehouse_id)
