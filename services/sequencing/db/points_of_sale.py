"""Points of sale (emission points) and their series `EEE-PPP` (asyncpg)."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging

Row = asyncpg.Record

_COLUMNS = """p.id, p.establishment_id, e.code AS establishment_code, p.code, p.name, p.series,
    p.document_types, p.active, p.manual_numbering, p.created_at"""


async def insert(conn, company_id: int, establishment_id: int, code: str, name: str,
                 series: str, document_types: list[str], manual_numbering: bool = False) -> int | None:
    """The new row's id, or None when the establishment already has that code."""
    return await conn.fetchval(
        """INSERT INTO points_of_sale (company_id, establishment_id, code, name, series, document_types,
                                      manual_numbering)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id""",
        company_id, establishment_id, code, name, series, document_types, manual_numbering)


async def update(conn, company_id: int, point_id: int, changes: dict) -> Row | None:
    """Apply the given changes (name, active, manual_numbering, document_types); None when not the company's."""
    return await conn.fetchrow(
        """UPDATE points_of_sale SET name = coalesce($3, name), active = coalesce($4, active),
                  manual_numbering = coalesce($5, manual_numbering), document_types = coalesce($6, document_types),
                  updated_at = now()
            WHERE company_id = $1 AND id = $2 RETURNING id, series, document_types""",
        company_id, point_id, changes.get("name"), changes.get("active"), changes.get("manual_numbering"),
        changes.get("document_types"))


async def get(conn, company_id: int, point_id: int) -> Row | None:
    return await conn.fetchrow(
        f"""SELECT {_COLUMNS} FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
             WHERE p.company_id = $1 AND p.id = $2""", company_id, point_id)


async def list_page(conn, company_id: int, establishment_id: int | None,
                    paging: Paging) -> tuple[list[Row], int]:
    where = "p.company_id = $1 AND ($2::bigint IS NULL OR p.establishment_id = $2)"
    found = await conn.fetch(
        f"""SELECT {_COLUMNS} FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
             WHERE {where} ORDER BY p.series LIMIT $3 OFFSET $4""",
        company_id, establishment_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM points_of_sale p WHERE {where}", company_id, establishment_id)
    return found, total


async def for_lookup(conn, company_id: int, document_type: str | None, establishment_code: str | None,
                     establishment_id: int | None) -> list[Row]:
    """Active emission points of active establishments, both enabled for the type when given."""
    return await conn.fetch(
        """SELECT p.id, p.establishment_id, p.name, p.code, p.series
             FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
            WHERE p.company_id = $1 AND p.active AND e.active
              AND ($2::text IS NULL OR ($2 = ANY (p.document_types) AND $2 = ANY (e.document_types)))
              AND ($3::text IS NULL OR e.code = $3)
              AND ($4::bigint IS NULL OR e.id = $4)
            ORDER BY p.series""",
        company_id, document_type, establishment_code, establishment_id)


async def series_point(conn, company_id: int, series: str) -> Row | None:
    """The point of sale of a series with its establishment (active or not)."""
    return await conn.fetchrow(
        """SELECT p.id AS point_of_sale_id, p.code AS emission_point, p.series, p.manual_numbering, p.active,
                  p.document_types, e.id AS establishment_id, e.code AS establishment_code,
                  e.name AS establishment_name, e.address AS establishment_address,
                  e.active AS establishment_active, e.document_types AS establishment_types
             FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
            WHERE p.company_id = $1 AND p.series = $2""", company_id, series)


async def series_exists(conn, company_id: int, series: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT 1 FROM points_of_sale WHERE company_id = $1 AND series = $2", company_id, series))


async def first_series_for_type(conn, company_id: int, document_type: str) -> str | None:
    found = await for_lookup(conn, company_id, document_type, None, None)
    return found[0]["series"] if found else None
