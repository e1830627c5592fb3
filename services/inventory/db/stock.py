"""Stock rows (asyncpg): a balance per (warehouse, product), locked in order, never negative."""
from __future__ import annotations

from decimal import Decimal

import asyncpg

from shared.db.paging import Paging

Row = asyncpg.Record
_FILTER = """s.company_id = $1 AND ($2::bigint IS NULL OR s.warehouse_id = $2)
    AND ($3::bigint IS NULL OR s.product_id = $3)"""


async def lock_stock(conn, company_id: int, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Decimal]:
    """Lock the (warehouse, product) stock rows in (warehouse, product) order, creating missing ones at 0.

    One round trip when the rows exist (the usual case); a pair never stocked before is inserted,
    then every row is locked again in order."""
    warehouses, products = [k[0] for k in keys], [k[1] for k in keys]
    locked = await _lock(conn, company_id, warehouses, products)
    if len(locked) < len(set(keys)):
        await conn.execute(
            """INSERT INTO stock (company_id, warehouse_id, product_id)
               SELECT $1, t.w, t.p FROM unnest($2::bigint[], $3::bigint[]) AS t (w, p) ORDER BY t.w, t.p
               ON CONFLICT DO NOTHING""", company_id, warehouses, products)
        locked = await _lock(conn, company_id, warehouses, products)
    return locked


async def _lock(conn, company_id: int, warehouses: list[int], products: list[int]) -> dict[tuple[int, int], Decimal]:
    locked = await conn.fetch(
        """SELECT s.warehouse_id, s.product_id, s.quantity FROM stock s
             JOIN unnest($2::bigint[], $3::bigint[]) AS t (w, p) ON s.warehouse_id = t.w AND s.product_id = t.p
            WHERE s.company_id = $1 ORDER BY s.warehouse_id, s.product_id FOR UPDATE OF s""",
        company_id, warehouses, products)
    return {(r["warehouse_id"], r["product_id"]): r["quantity"] for r in locked}


async def list_stock(conn, company_id: int, warehouse_id: int | None, product_id: int | None,
                     paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        f"""SELECT s.warehouse_id, s.product_id, p.code AS product_code, p.name AS product_name, s.quantity
              FROM stock s JOIN products p ON p.id = s.product_id
             WHERE {_FILTER} ORDER BY s.warehouse_id, p.code LIMIT $4 OFFSET $5""",
        company_id, warehouse_id, product_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM stock s WHERE {_FILTER}",
                                company_id, warehouse_id, product_id)
    return found, total
