"""sequencing SQL (asyncpg). Every statement is scoped by company_id."""
from __future__ import annotations

import asyncpg

from shared.db.paging import Paging
from shared.db.rows import TenantTable

Row = asyncpg.Record
establishments = TenantTable("establishments")

_POINT_COLUMNS = """p.id, p.establishment_id, e.code AS establishment_code, p.code, p.name, p.series,
    p.document_types, p.active, p.manual_numbering, p.created_at"""


async def insert_establishment(conn, company_id: int, code: str, name: str, address: str | None,
                               document_types: list[str]) -> Row | None:
    """The new row, or None when the company already has that code."""
    return await conn.fetchrow(
        """INSERT INTO establishments (company_id, code, name, address, document_types)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (company_id, code) DO NOTHING RETURNING *""",
        company_id, code, name, address, document_types)


async def list_establishments(conn, company_id: int, paging: Paging) -> tuple[list[Row], int]:
    found = await conn.fetch(
        "SELECT * FROM establishments WHERE company_id = $1 ORDER BY code LIMIT $2 OFFSET $3",
        company_id, paging.limit, paging.offset)
    total = await conn.fetchval("SELECT count(*) FROM establishments WHERE company_id = $1", company_id)
    return found, total


async def establishments_for_type(conn, company_id: int, document_type: str | None) -> list[Row]:
    return await conn.fetch(
        """SELECT id, code, name FROM establishments
            WHERE company_id = $1 AND active AND ($2::text IS NULL OR $2 = ANY (document_types))
            ORDER BY code""",
        company_id, document_type)


async def insert_point_of_sale(conn, company_id: int, establishment_id: int, code: str, name: str,
                               series: str, document_types: list[str], manual_numbering: bool = False) -> int | None:
    """The new row's id, or None when the establishment already has that code."""
    return await conn.fetchval(
        """INSERT INTO points_of_sale (company_id, establishment_id, code, name, series, document_types,
                                      manual_numbering)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id""",
        company_id, establishment_id, code, name, series, document_types, manual_numbering)


async def update_point_of_sale(conn, company_id: int, point_id: int, changes: dict) -> Row | None:
    """Apply the given changes (name, active, manual_numbering, document_types); None when not the company's."""
    return await conn.fetchrow(
        """UPDATE points_of_sale SET name = coalesce($3, name), active = coalesce($4, active),
                  manual_numbering = coalesce($5, manual_numbering), document_types = coalesce($6, document_types),
                  updated_at = now()
            WHERE company_id = $1 AND id = $2 RETURNING id, series, document_types""",
        company_id, point_id, changes.get("name"), changes.get("active"), changes.get("manual_numbering"),
        changes.get("document_types"))


async def insert_counters(conn, company_id: int, point_id: int, series: str,
                          next_numbers: dict[str, int]) -> None:
    await conn.execute(
        """INSERT INTO counters (company_id, series, document_type, point_of_sale_id, next_number)
           SELECT $1, $2, t.document_type, $3, t.next_number
             FROM unnest($4::text[], $5::bigint[]) AS t (document_type, next_number)
           ON CONFLICT DO NOTHING""",
        company_id, series, point_id, list(next_numbers), list(next_numbers.values()))


async def get_point_of_sale(conn, company_id: int, point_id: int) -> Row | None:
    return await conn.fetchrow(
        f"""SELECT {_POINT_COLUMNS} FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
             WHERE p.company_id = $1 AND p.id = $2""", company_id, point_id)


async def list_points_of_sale(conn, company_id: int, establishment_id: int | None,
                              paging: Paging) -> tuple[list[Row], int]:
    where = "p.company_id = $1 AND ($2::bigint IS NULL OR p.establishment_id = $2)"
    found = await conn.fetch(
        f"""SELECT {_POINT_COLUMNS} FROM points_of_sale p JOIN establishments e ON e.id = p.establishment_id
             WHERE {where} ORDER BY p.series LIMIT $3 OFFSET $4""",
        company_id, establishment_id, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM points_of_sale p WHERE {where}", company_id, establishment_id)
    return found, total


async def points_for_lookup(conn, company_id: int, document_type: str | None, establishment_code: str | None,
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


async def get_counter(conn, company_id: int, series: str, document_type: str) -> Row | None:
    """The counter of an active series enabled for the type (None otherwise)."""
    return await conn.fetchrow(
        """SELECT c.series, c.next_number FROM counters c
             JOIN points_of_sale p ON p.id = c.point_of_sale_id
             JOIN establishments e ON e.id = p.establishment_id
            WHERE c.company_id = $1 AND c.series = $2 AND c.document_type = $3
              AND p.active AND e.active AND $3 = ANY (p.document_types) AND $3 = ANY (e.document_types)""",
        company_id, series, document_type)


async def series_exists(conn, company_id: int, series: str) -> bool:
    return bool(await conn.fetchval(
        "SELECT 1 FROM points_of_sale WHERE company_id = $1 AND series = $2", company_id, series))


async def first_series_for_type(conn, company_id: int, document_type: str) -> str | None:
    found = await points_for_lookup(conn, company_id, document_type, None, None)
    return found[0]["series"] if found else None
