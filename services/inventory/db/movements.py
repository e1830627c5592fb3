"""Movements (asyncpg): a movement, its lines and its ledger entries; the movements documents caused."""
from __future__ import annotations

from decimal import Decimal

import asyncpg

from services.inventory.domain.movements import Entry
from shared.db.paging import Paging
from shared.db.rows import TenantTable

Row = asyncpg.Record
movements = TenantTable("movements")

_FILTER = """m.company_id = $1
    AND ($2::bigint IS NULL OR m.warehouse_id = $2 OR m.target_warehouse_id = $2)
    AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM movement_items i WHERE i.movement_id = m.id AND i.product_id = $3))"""


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


async def list_page(conn, company_id: int, warehouse_id: int | None, product_id: int | None,
                    paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        f"SELECT m.* FROM movements m WHERE {_FILTER} ORDER BY m.id DESC LIMIT $4 OFFSET $5",
        company_id, warehouse_id, product_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM movements m WHERE {_FILTER}",
                                company_id, warehouse_id, product_id)
    return found, total


async def items_of(conn, movement_ids: list[int]) -> dict[int, list[Row]]:
    """Each movement's lines with their product's code and name, in line order."""
    found = await conn.fetch(
        """SELECT i.*, p.code AS product_code, p.name AS product_name
             FROM movement_items i JOIN products p ON p.id = i.product_id
            WHERE i.movement_id = ANY ($1::bigint[]) ORDER BY i.movement_id, i.line_no""", movement_ids)
    grouped: dict[int, list[Row]] = {m: [] for m in movement_ids}
    for row in found:
        grouped[row["movement_id"]].append(row)
    return grouped


async def source_movement(conn, company_id: int, kind: str, document_id: int) -> Row | None:
    """The movement a document caused of one kind (sale, return, cancellation), if any."""
    return await conn.fetchrow(
        "SELECT * FROM movements WHERE company_id = $1 AND source_type = $2 AND source_id = $3",
        company_id, kind, document_id)


async def ledger_entries(conn, movement_id: int) -> list[Entry]:
    found = await conn.fetch(
        "SELECT line_no, warehouse_id, product_id, delta FROM stock_ledger WHERE movement_id = $1 ORDER BY id",
        movement_id)
    return [Entry(r["line_no"], r["warehouse_id"], r["product_id"], r["delta"]) for r in found]


async def movement_items(conn, movement_id: int) -> list[dict]:
    found = await conn.fetch(
        "SELECT product_id, quantity, unit_cost FROM movement_items WHERE movement_id = $1 ORDER BY line_no",
        movement_id)
    return [dict(r) for r in found]


async def average_costs(conn, company_id: int, product_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Weighted average cost per product over its costed adjustment_in lines (domain/valuation.py)."""
    found = await conn.fetch(
        """SELECT i.product_id, sum(i.quantity * i.unit_cost) / sum(i.quantity) AS cost
             FROM movement_items i JOIN movements m ON m.id = i.movement_id
            WHERE m.company_id = $1 AND m.type = 'adjustment_in' AND i.unit_cost IS NOT NULL
              AND ($2::bigint[] IS NULL OR i.product_id = ANY ($2::bigint[]))
            GROUP BY i.product_id HAVING sum(i.quantity) > 0""", company_id, product_ids)
    return {r["product_id"]: r["cost"] for r in found}
