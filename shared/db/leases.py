"""Work kept as rows and driven by leased workers (shared/runtime/due_worker.py): the SQL that
claims due rows (FOR UPDATE SKIP LOCKED, then a lease) and says when the next one is due.

The table has `id`, `next_attempt_at`, `lease_token` and `lease_until`. In `due` and `join` the
table is `d`; in `sets` and `returning` the updated row is `t`. A crashed worker's rows come
back when their lease ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import asyncpg

Row = Mapping[str, Any]


@dataclass(frozen=True)
class LeasedRows:
    table: str
    due: str  # which rows wait for work, e.g. "d.status = 'pending'"
    join: str = ""  # e.g. "JOIN endpoints e ON e.id = d.endpoint_id" (conditions of `due` may use it)
    sets: str = ""  # more assignments when claimed, e.g. "status = 'sending', "
    returning: str = "t.*"
    also_from: str = ""  # more tables for `returning`, e.g. ", endpoints e"
    also_where: str = ""  # and their join condition, e.g. " AND e.id = t.endpoint_id"

    async def claim(self, conn: asyncpg.Connection, limit: int, lease_seconds: float) -> list[Row]:
        """Lease up to `limit` due rows, oldest due first."""
        return await conn.fetch(
            f"WITH due AS (SELECT d.id FROM {self.table} d {self.join} WHERE {self.due} "
            "  AND d.next_attempt_at <= now() AND (d.lease_until IS NULL OR d.lease_until < now()) "
            "  ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED) "
            f"UPDATE {self.table} t SET {self.sets}lease_token = gen_random_uuid(), "
            f"  lease_until = now() + make_interval(secs => $2) FROM due{self.also_from} "
            f"WHERE t.id = due.id{self.also_where} RETURNING {self.returning}", limit, lease_seconds)

    async def seconds_to_next(self, conn: asyncpg.Connection) -> float | None:
        """Seconds until a row is due (0: now; a leased one when its lease ends), None when none waits."""
        value = await conn.fetchval(
            "SELECT extract(epoch FROM min(greatest(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at)))"
            f" - now()) FROM {self.table} d {self.join} WHERE {self.due}")
        return None if value is None else max(float(value), 0.0)
