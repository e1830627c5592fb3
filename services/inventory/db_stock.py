"""inventory stock SQL (asyncpg): stock rows, movements, lines and the ledger."""
from __future__ import annotations

from decimal import Decimal

import asyncpg

from services.inventory.domain import Entry
from shared.db.paging import Paging
from shared.db.rows import TenantTable

Row = asyncpg.Record
movements = TenantTable("movements")

_MOVEMENT_FILTER = """m.company_id = $1
    AND ($2::bigint IS NULL OR m.warehouse_id = $2 OR m.target_warehouse_id = $2)
    AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM movement_items i WHERE i.movement_id = m.id AND i.product_id = $3))"""
_STOCK_FILTER = """s.company_id = $1 AND ($2::bigint IS NULL OR s.warehouse_id = $2)
    AND ($3::bigint IS NULL OR s.product_id = $3)"""


async def lock_stock(conn, company_id: int, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Decimal]:
    """Lock the (warehouse, product) stock rows in the given order, creating missing ones at 0."""
    warehouses, products = [k[0] for k in keys], [k[1] for k in keys]
    await conn.execute(
        """INSERT INTO stock (company_id, warehouse_id, product_id)
           SELECT $1, t.w, t.p FROM unnest($2::bigint[], $3::bigint[]) AS t (w, p) ORDER BY t.w, t.p
           ON CONFLICT DO NOTHING""", company_id, warehouses, products)
    locked = await conn.fetch(
        """SELECT s.warehouse_id, s.product_id, s.quantity FROM stock s
             JOIN unnest($2::bigint[], $3::bigint[]) AS t (w, p) ON s.warehouse_id = t.w AND s.product_id = t.p
            WHERE s.company_id = $1 ORDER BY s.warehouse_id, s.product_id FOR UPDATE OF s""",
        company_id, warehouses, products)
    return {(r["warehouse_id"], r["product_id"]): r["quantity"] for r in locked}


async def set_stock(conn, company_id: int, balances: dict[tuple[int, int], Decimal]) -> None:
    await conn.execute(
        """UPDATE stock s SET quantity = t.q, updated_at = now()
             FROM unnest($2::bigint[], $3::bigint[], $4::numeric[]) AS t (w, p, q)
            WHERE s.company_id = $1 AND s.warehouse_id = t.w AND s.product_id = t.p""",
        company_id, [k[0] for k in balances], [k[1] for k in balances], list(balances.values()))


async def insert_movement(conn, company_id: int, header: dict) -> int:
    return await conn.fetchval(
        """INSERT INTO movements (company_id, type, warehouse_id, target_warehouse_id, reference, notes,
                                  source_type, source_id, created_by_user_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""",
        company_id, header["type"], header["warehouse_id"], header.get("target_warehouse_id"),
        header.get("reference"), header.get("notes"), header.get("source_type"), header.get("source_id"),
        header.get("created_by_user_id"))


async def insert_items(conn, movement_id: int, items: list[dict]) -> None:
    await conn.execute(
        """INSERT INTO movement_items (movement_id, line_no, product_id, quantity, unit_cost)
           SELECT $1, t.n, t.p, t.q, t.c
             FROM unnest($2::int[], $3::bigint[], $4::numeric[], $5::numeric[]) AS t (n, p, q, c)""",
        movement_id, list(range(len(items))), [i["product_id"] for i in items], [i["quantity"] for i in items],
        [i.get("unit_cost") for i in items])


async def insert_ledger(conn, company_id: int, movement_id: int, entries: list[Entry], after: list[Decimal]) -> None:
    await conn.execute(
        """INSERT INTO stock_ledger (company_id, movement_id, line_no, warehouse_id, product_id, delta, balance_after)
           SELECT $1, $2, t.n, t.w, t.p, t.d, t.b
             FROM unnest($3::int[], $4::bigint[], $5::bigint[], $6::numeric[], $7::numeric[]) AS t (n, w, p, d, b)""",
        company_id, movement_id, [e.line for e in entries], [e.warehouse_id for e in entries],
        [e.product_id for e in entries], [e.delta for e in entries], after)


async def list_movements(conn, company_id: int, warehouse_id: int | None, product_id: int | None,
                         paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        f"SELECT m.* FROM movements m WHERE {_MOVEMENT_FILTER} ORDER BY m.id DESC LIMIT $4 OFFSET $5",
        company_id, warehouse_id, product_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM movements m WHERE {_MOVEMENT_FILTER}",
                                company_id, warehouse_id, product_id)
    return found, total


async def items_of(conn, movement_ids: list[int]) -> dict[int, list[Row]]:
    found = await conn.fetch(
        """SELECT i.*, p.code AS product_code, p.name AS product_name
             FROM movement_items i JOIN products p ON p.id = i.product_id
            WHERE i.movement_id = ANY ($1::bigint[]) ORDER BY i.movement_id, i.line_no""", movement_ids)
    grouped: dict[int, list[Row]] = {m: [] for m in movement_ids}
    for row in found:
        grouped[row["movement_id"]].append(row)
    return grouped


async def list_stock(conn, company_id: int, warehouse_id: int | None, product_id: int | None,
                     paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        f"""SELECT s.warehouse_id, s.product_id, p.code AS product_code, p.name AS product_name, s.quantity
              FROM stock s JOIN products p ON p.id = s.product_id
             WHERE {_STOCK_FILTER} ORDER BY s.warehouse_id, p.code LIMIT $4 OFFSET $5""",
        company_id, warehouse_id, product_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM stock s WHERE {_STOCK_FILTER}",
                                company_id, warehouse_id, product_id)
    return found, total
