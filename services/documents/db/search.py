"""GET /documents as SQL: a company's documents matching a DocumentFilter, newest first, one page.

Only the filters given become conditions, so each query can use its index (migration 0004:
trigram indexes for the substrings); the customer's name is compared without case or accents
(`search_fold`: lower + unaccent).
"""
from __future__ import annotations

from typing import Any

import asyncpg

from services.documents.domain.search import DocumentFilter, SearchTerm
from shared.db.paging import Paging, contains_pattern

Row = asyncpg.Record
_EQUAL = ("type", "status", "sri_status", "payment_status", "customer_id")


class _Where:
    """AND-ed conditions and their positional arguments ($1 is always the company)."""

    def __init__(self, company_id: int) -> None:
        self.conditions, self.args = ["company_id = $1"], [company_id]

    def arg(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"

    def add(self, condition: str, value: Any) -> None:
        """`condition` with `{}` for the argument; nothing when the value is absent."""
        if value is not None:
            self.conditions.append(condition.format(self.arg(value)))

    @property
    def sql(self) -> str:
        return " AND ".join(self.conditions)


def _where(company_id: int, f: DocumentFilter) -> _Where:
    where = _Where(company_id)
    for column in _EQUAL:
        where.add(column + " = {}", getattr(f, column))
    where.add("issue_date >= {}", f.date_from)
    where.add("issue_date <= {}", f.date_to)
    if f.search is not None:
        where.conditions.append(_matches(where, f.search))
    return where


def _matches(where: _Where, term: SearchTerm) -> str:
    """The number (and series) exactly, or the customer's identification or name as a substring."""
    exact = [f"{column} = {where.arg(value)}" for column, value in (("series", term.series),
                                                                     ("number", term.number)) if value is not None]
    matches = [" AND ".join(exact)] if exact else []
    if term.text is not None:
        pattern = where.arg(contains_pattern(term.text))
        matches += [f"customer->>'identification' ILIKE {pattern}",
                    f"search_fold(customer->>'name') LIKE search_fold({pattern}::text)"]
    return "(" + " OR ".join(f"({m})" for m in matches) + ")"


async def search(conn, company_id: int, filters: DocumentFilter, paging: Paging) -> tuple[list[Row], int]:
    where = _where(company_id, filters)
    n = len(where.args)
    found = await conn.fetch(
        f"SELECT * FROM documents WHERE {where.sql} ORDER BY id DESC LIMIT ${n + 1} OFFSET ${n + 2}",
        *where.args, paging.limit, paging.offset)
    total = await conn.fetchval(f"SELECT count(*) FROM documents WHERE {where.sql}", *where.args)
    return found, total
