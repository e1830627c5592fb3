"""Tenant-scoped statements on one of a service's own tables: by id, insert, update, soft delete.

Every statement filters by `company_id`, so another company's id is simply not
found. Table and column names are the service's constants (checked to be plain
identifiers), values are always bind parameters. The table has `id`,
`company_id`, `updated_at` and, for soft delete, `active`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import asyncpg

Row = asyncpg.Record


def _ident(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def pick(values: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    """The given columns of a dict (or record), in the given order; missing ones are None."""
    return {c: values.get(c) for c in columns}


@dataclass(frozen=True)
class TenantTable:
    """`customers = TenantTable("customers", ("code", "name", ...))`: the writable columns."""

    name: str
    columns: tuple[str, ...] = ()

    async def get(self, conn, company_id: int, row_id: int, *, for_update: bool = False) -> Row | None:
        lock = " FOR UPDATE" if for_update else ""
        return await conn.fetchrow(f"SELECT * FROM {_ident(self.name)} WHERE company_id = $1 AND id = $2{lock}",
                                   company_id, row_id)

    async def by_ids(self, conn, company_id: int, ids: Iterable[int]) -> dict[int, Row]:
        found = await conn.fetch(
            f"SELECT * FROM {_ident(self.name)} WHERE company_id = $1 AND id = ANY ($2::bigint[])",
            company_id, sorted(set(ids)))
        return {r["id"]: r for r in found}

    async def insert(self, conn, company_id: int, values: Mapping[str, Any]) -> Row:
        """INSERT the table's columns taken from `values`; a unique violation raises (see shared.db.errors)."""
        return await self.insert_columns(conn, company_id, pick(values, self.columns))

    async def insert_columns(self, conn, company_id: int, values: dict[str, Any]) -> Row:
        columns = ", ".join(_ident(c) for c in values)
        params = ", ".join(f"${i}" for i in range(2, len(values) + 2))
        return await conn.fetchrow(
            f"INSERT INTO {_ident(self.name)} (company_id, {columns}) VALUES ($1, {params}) RETURNING *",
            company_id, *values.values())

    async def update(self, conn, company_id: int, row_id: int, values: Mapping[str, Any]) -> Row | None:
        """UPDATE the table's columns (and updated_at); None when the id is not the company's."""
        return await self.update_columns(conn, company_id, row_id, pick(values, self.columns))

    async def update_columns(self, conn, company_id: int, row_id: int, values: dict[str, Any]) -> Row | None:
        sets = "".join(f"{_ident(c)} = ${i}, " for i, c in enumerate(values, start=3))
        return await conn.fetchrow(
            f"UPDATE {_ident(self.name)} SET {sets}updated_at = now() WHERE company_id = $1 AND id = $2 RETURNING *",
            company_id, row_id, *values.values())

    async def deactivate(self, conn, company_id: int, row_id: int) -> Row | None:
        """Soft delete: `active = false`; None when the id is not the company's."""
        return await self.update_columns(conn, company_id, row_id, {"active": False})

    def merged(self, current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
        """A partial update applied to the current row: every column, changed ones replaced."""
        return {**pick(current, self.columns), **changes}
