"""inventory catalogue SQL (asyncpg): products and warehouses, scoped by company_id."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging, contains_pattern
from shared.db.rows import TenantTable

Row = asyncpg.Record
products = TenantTable("products", ("code", "name", "description", "price", "tax_rate", "tax_exemption",
                                    "tracks_stock", "unit", "min_stock"))
warehouses = TenantTable("warehouses", ("code", "name", "address", "active"))
# unique constraint -> the body field it protects
UNIQUE_FIELDS = {"products_code_unique": "code", "warehouses_code_unique": "code"}

_PRODUCT_SEARCH = """company_id = $1 AND ($2::boolean IS NULL OR active = $2)
    AND ($3::text IS NULL OR code ILIKE $3 OR name ILIKE $3)"""


async def search_products(conn, company_id: int, q: str | None, active: bool | None,
                          paging: Paging) -> tuple[list[Row], int]:
    pattern = contains_pattern(q)
    found = await conn.fetch(
        f"SELECT * FROM products WHERE {_PRODUCT_SEARCH} ORDER BY code LIMIT $4 OFFSET $5",
        company_id, active, pattern, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM products WHERE {_PRODUCT_SEARCH}", company_id, active, pattern)
    return found, total


async def product_in_stock(conn, company_id: int, product_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT 1 FROM stock WHERE company_id = $1 AND product_id = $2 AND quantity > 0 LIMIT 1",
        company_id, product_id))


async def list_warehouses(conn, company_id: int, paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch("SELECT * FROM warehouses WHERE company_id = $1 ORDER BY code LIMIT $2 OFFSET $3",
                             company_id, paging.limit, paging.offset)
    total = await conn.fetchval("SELECT count(*) FROM warehouses WHERE company_id = $1", company_id)
    return found, total
