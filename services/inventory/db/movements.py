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


async def insert(conn, company_id: int, header: dict, items: list[dict], entries: list[Entry],
                 after: list[Decimal], balances: dict[tuple[int, int], Decimal]) -> Row:
    """In one statement: the movement, its lines, its ledger entries (balance after each) and the stock
    rows' new balances (rows the caller locked); the movement's row."""
    return await conn.fetchrow(
        """WITH m AS (INSERT INTO movements (company_id, type, warehouse_id, target_warehouse_id, reference, notes,
                                             source_type, source_id, created_by_user_id)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *),
                i AS (INSERT INTO movement_items (movement_id, line_no, product_id, quantity, unit_cost)
                      SELECT m.id, t.n - 1, t.p, t.q, t.c
                        FROM m, unnest($10::bigint[], $11::numeric[], $12::numeric[]) WITH ORDINALITY AS t (p, q, c, n)
                       ORDER BY t.n),
                l AS (INSERT INTO stock_ledger (company_id, movement_id, line_no, warehouse_id, product_id, delta,
                                                balance_after)
                      SELECT $1, m.id, t.l, t.w, t.p, t.d, t.b
                        FROM m, unnest($13::int[], $14::bigint[], $15::bigint[], $16::numeric[], $17::numeric[])
                                WITH ORDINALITY AS t (l, w, p, d, b, n)
                       ORDER BY t.n),
                s AS (UPDATE stock s SET quantity = t.q, updated_at = now()
                        FROM unnest($18::bigint[], $19::bigint[], $20::numeric[]) AS t (w, p, q)
                       WHERE s.company_id = $1 AND s.warehouse_id = t.w AND s.product_id = t.p)
           SELECT * FROM m""",
        company_id, header["type"], header["warehouse_id"], header.get("target_warehouse_id"),
        header.get("reference"), header.get("notes"), header.get("source_type"), header.get("source_id"),
        header.get("created_by_user_id"),
        [i["product_id"] for i in items], [i["quantity"] for i in items], [i.get("unit_cost") for i in items],
        [e.line for e in entries], [e.warehouse_id for e in entries], [e.product_id for e in entries],
        [e.delta for e in entries], after,
        [k[0] for k in balances], [k[1] for k in balances], list(balances.values()))


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
