"""Establishments (asyncpg)."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging
from shared.db.rows import TenantTable

Row = asyncpg.Record
_TABLE = TenantTable("establishments")


async def get(conn, company_id: int, establishment_id: int) -> Row | None:
    return await _TABLE.get(conn, company_id, establishment_id)


async def insert(conn, company_id: int, code: str, name: str, address: str | None,
                 document_types: list[str]) -> Row | None:
    """The new row, or None when the company already has that code."""
    return await conn.fetchrow(
        """INSERT INTO establishments (company_id, code, name, address, document_types)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, code) DO NOTHING RETURNING *""",
        company_id, code, name, address, document_types)


async def list_page(conn, company_id: int, paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        "SELECT * FROM establishments WHERE company_id = $1 ORDER BY code LIMIT $2 OFFSET $3",
        company_id, paging.limit, paging.offset)
    total = await conn.fetchval("SELECT count(*) FROM establishments WHERE company_id = $1", company_id)
    return found, total


async def for_type(conn, company_id: int, document_type: str | None) -> list[Row]:
    """Active establishments enabled for the type (every active one when None)."""
    return await conn.fetch(
        """SELECT id, code, name FROM establishments
            WHERE company_id = $1 AND active AND ($2::text IS NULL OR $2 = ANY (document_types))
            ORDER BY code""",
        company_id, document_type)
