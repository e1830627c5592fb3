"""Customer SQL (asyncpg): rows, automatic codes, search. Every statement is scoped by company_id."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging, contains_pattern
from shared.db.rows import TenantTable

Row = asyncpg.Record
table = TenantTable("customers", ("code", "identification_type", "identification", "name", "email", "phone",
                                  "address"))
get, insert, update, deactivate, merged = table.get, table.insert, table.update, table.deactivate, table.merged
# unique constraint -> the body field it protects
UNIQUE_FIELDS = {"customers_code_unique": "code", "customers_identification_unique": "identification"}

_SEARCH = """company_id = $1 AND ($2::boolean IS NULL OR active = $2)
    AND ($3::text IS NULL OR name ILIKE $3 OR identification ILIKE $3 OR code ILIKE $3)"""


async def next_code_number(conn, company_id: int) -> int:
    """Next automatic code number of the company; the row lock serialises concurrent creates."""
    return await conn.fetchval(
        """INSERT INTO customer_codes (company_id, last_number) VALUES ($1, 1)
           ON CONFLICT (company_id) DO UPDATE SET last_number = customer_codes.last_number + 1
           RETURNING last_number""", company_id)


async def code_taken(conn, company_id: int, code: str) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM customers WHERE company_id = $1 AND code = $2",
                                    company_id, code))


async def search(conn, company_id: int, q: str | None, active: bool | None,
                           paging: Paging) -> tuple[list[Row], int]:
    pattern = contains_pattern(q)
    found = await conn.fetch(f"SELECT * FROM customers WHERE {_SEARCH} ORDER BY name, id LIMIT $4 OFFSET $5",
                             company_id, active, pattern, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM customers WHERE {_SEARCH}", company_id, active, pattern)
    return found, total
