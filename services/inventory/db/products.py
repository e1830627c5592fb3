"""Products (asyncpg): the table, the search, whether a product holds stock."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging, contains_pattern
from shared.db.rows import TenantTable

Row = asyncpg.Record
products = TenantTable("products", ("code", "name", "description", "price", "tax_rate", "tax_exemption",
                                    "tracks_stock", "unit", "min_stock"))
UNIQUE_FIELDS = {"products_code_unique": "code"}  # unique constraint -> the body field it protects

_SEARCH = """company_id = $1 AND ($2::boolean IS NULL OR active = $2)
    AND ($3::text IS NULL OR code ILIKE $3 OR name ILIKE $3)"""


async def search(conn, company_id: int, q: str | None, active: bool | None,
                 paging: Paging) -> tuple[list[Row], int]:
    pattern = contains_pattern(q)
    found = await conn.fetch(
        f"SELECT * FROM products WHERE {_SEARCH} ORDER BY code LIMIT $4 OFFSET $5",
        company_id, active, pattern, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM products WHERE {_SEARCH}", company_id, active, pattern)
    return found, total


async def in_stock(conn, company_id: int, product_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT 1 FROM stock WHERE company_id = $1 AND product_id = $2 AND quantity > 0 LIMIT 1",
        company_id, product_id))
