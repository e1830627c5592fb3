"""documents SQL (asyncpg). Every statement is scoped by company_id."""
from __future__ import annotations

from datetime import datetime

import asyncpg

from shared.db.paging import Paging, contains_pattern
from shared.db.rows import TenantTable

Row = asyncpg.Record
customers = TenantTable("customers", ("code", "identification_type", "identification", "name", "email", "phone",
                                      "address"))
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


async def search_customers(conn, company_id: int, q: str | None, active: bool | None,
                           paging: Paging) -> tuple[list[Row], int]:
    pattern = contains_pattern(q)
    found = await conn.fetch(f"SELECT * FROM customers WHERE {_SEARCH} ORDER BY name, id LIMIT $4 OFFSET $5",
                             company_id, active, pattern, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM customers WHERE {_SEARCH}", company_id, active, pattern)
    return found, total


async def upsert_company(conn, company: dict, occurred_at: datetime) -> bool:
    """Store the snapshot unless a newer one is already stored; True when applied."""
    return await conn.fetchval(
        """INSERT INTO companies (company_id, ruc, legal_name, trade_name, address, settings, modules, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (company_id) DO UPDATE SET ruc = EXCLUDED.ruc, legal_name = EXCLUDED.legal_name,
               trade_name = EXCLUDED.trade_name, address = EXCLUDED.address, settings = EXCLUDED.settings,
               modules = EXCLUDED.modules, occurred_at = EXCLUDED.occurred_at, updated_at = now()
           WHERE companies.occurred_at <= EXCLUDED.occurred_at
           RETURNING true""",
        company["company_id"], company["ruc"], company["legal_name"], company["trade_name"], company["address"],
        company["settings"], company["modules"], occurred_at) or False


async def get_company(conn, company_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM companies WHERE company_id = $1", company_id)
