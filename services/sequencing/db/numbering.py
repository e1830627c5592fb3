"""Counters (one per series and document type) and allocations (asyncpg).

Invariant kept by every allocation: a counter's `next_number` is never a number
already allocated in its series (manual numbers above the counter are skipped
when the counter reaches them), so `UPDATE ... RETURNING next_number - 1` always
hands out a free number.
"""
from __future__ import annotations

import asyncpg

from shared.db.inbox import Claim

Row = asyncpg.Record
_COUNTER = "company_id = $1 AND series = $2 AND document_type = $3"
_SAME_SERIES = "{a}.company_id = c.company_id AND {a}.series = c.series AND {a}.document_type = c.document_type"


async def insert_counters(conn, company_id: int, point_id: int, series: str,
                          next_numbers: dict[str, int]) -> None:
    """A counter per document type, starting at the given number (existing counters are kept)."""
    await conn.execute(
        """INSERT INTO counters (company_id, series, document_type, point_of_sale_id, next_number)
           SELECT $1, $2, t.document_type, $3, t.next_number
             FROM unnest($4::text[], $5::bigint[]) AS t (document_type, next_number)
           ON CONFLICT DO NOTHING""",
        company_id, series, point_id, list(next_numbers), list(next_numbers.values()))


async def ensure_counter(conn, company_id: int, series: str, document_type: str, point_id: int) -> None:
    """A type enabled after the point was created gets its counter at 1."""
    await conn.execute(
        """INSERT INTO counters (company_id, series, document_type, point_of_sale_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING""", company_id, series, document_type, point_id)


async def get_counter(conn, company_id: int, series: str, document_type: str) -> Row | None:
    """The counter of an active series enabled for the type (None otherwise)."""
    return await conn.fetchrow(
        """SELECT c.series, c.next_number FROM counters c
             JOIN points_of_sale p ON p.id = c.point_of_sale_id
             JOIN establishments e ON e.id = p.establishment_id
            WHERE c.company_id = $1 AND c.series = $2 AND c.document_type = $3
              AND p.active AND e.active AND $3 = ANY (p.document_types) AND $3 = ANY (e.document_types)""",
        company_id, series, document_type)


async def lock_document(conn, inbox: Claim, company_id: int, document_id: int) -> bool:
    """Serialize allocations of one document (two commands for it, on two replicas) until commit, in the
    round trip that makes the command's inbox claim; False for a command already handled."""
    claimed = await conn.fetchval(f"WITH {inbox.cte(2)} SELECT {inbox.claimed_count} "
                                  "FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked",
                                  f"sequencing.allocate:{company_id}:{document_id}", *inbox.params)
    return inbox.made(claimed > 0)


async def get_allocation(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM allocations WHERE company_id = $1 AND document_id = $2",
                               company_id, document_id)


async def take_next(conn, company_id: int, series: str, document_type: str) -> int | None:
    """The next number (the counter row stays locked until commit); None when the series is used up."""
    return await conn.fetchval(
        f"""UPDATE counters SET next_number = next_number + 1, updated_at = now()
             WHERE {_COUNTER} AND next_number <= 999999999 RETURNING next_number - 1""",
        company_id, series, document_type)


async def lock_counter(conn, company_id: int, series: str, document_type: str) -> int:
    return await conn.fetchval(f"SELECT next_number FROM counters WHERE {_COUNTER} FOR UPDATE",
                               company_id, series, document_type)


async def number_used(conn, company_id: int, series: str, document_type: str, number: int) -> bool:
    return bool(await conn.fetchval(f"SELECT 1 FROM allocations WHERE {_COUNTER} AND number = $4",
                                    company_id, series, document_type, number))


async def insert_allocation(conn, company_id: int, document_id: int, document_type: str, series: str,
                            number: int, manual: bool) -> Row:
    return await conn.fetchrow(
        """INSERT INTO allocations (company_id, document_id, document_type, series, number, manual)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *""",
        company_id, document_id, document_type, series, number, manual)


# Move the counter to the first free number at or above it (only when it sits on a used one).
_SKIP_USED = f"""UPDATE counters c SET next_number = (
        SELECT min(x.n) FROM (SELECT c.next_number AS n
                              UNION ALL SELECT a.number + 1 FROM allocations a
                               WHERE {_SAME_SERIES.format(a="a")} AND a.number >= c.next_number) x
         WHERE NOT EXISTS (SELECT 1 FROM allocations b WHERE {_SAME_SERIES.format(a="b")} AND b.number = x.n)),
        updated_at = now()
     WHERE c.company_id = $1 AND c.series = $2 AND c.document_type = $3
       AND EXISTS (SELECT 1 FROM allocations u WHERE {_SAME_SERIES.format(a="u")} AND u.number = c.next_number)"""


async def skip_used_numbers(conn, company_id: int, series: str, document_type: str) -> None:
    """Move the counter to the first free number at or above it (only when it sits on a used one)."""
    await conn.execute(_SKIP_USED, company_id, series, document_type)


async def insert_taken(conn, company_id: int, document_id: int, document_type: str, series: str,
                       number: int) -> Row:
    """An automatic allocation of the number take_next gave, and skip_used_numbers, in one statement.

    (The skip cannot see the new row, and needs not: the number is below the counter.)"""
    return await conn.fetchrow(
        f"""WITH a AS (INSERT INTO allocations (company_id, document_id, document_type, series, number, manual)
                       VALUES ($1, $4, $3, $2, $5, false) RETURNING *),
                 skip AS ({_SKIP_USED})
            SELECT * FROM a""", company_id, series, document_type, document_id, number)
