"""Warehouses (asyncpg): the table and its listing."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging
from shared.db.rows import TenantTable

Row = asyncpg.Record
warehouses = TenantTable("warehouses", ("code", "name", "address", "active"))
UNIQUE_FIELDS = {"warehouses_code_unique": "code"}  # unique constraint -> the body field it protects


async def list_page(conn, company_id: int, paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch("SELECT * FROM warehouses WHERE company_id = $1 ORDER BY code LIMIT $2 OFFSET $3",
                             company_id, paging.limit, paging.offset)
    total = await conn.fetchval("SELECT count(*) FROM warehouses WHERE company_id = $1", company_id)
    return found, total
