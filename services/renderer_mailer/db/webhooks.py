"""SQL of `webhook_endpoints` (a company's receivers) and `webhook_documents` (what the events
said about each document, for later payloads)."""
from __future__ import annotations

from typing import Any

import asyncpg

Row = asyncpg.Record
COLUMNS = ("id, company_id, url, events, description, enabled, disabled_reason, disabled_at, failure_count, "
           "failing_since, created_at")
FACTS = frozenset({"document_type", "series", "number", "issue_date", "total", "currency", "customer_id",
                   "customer_name", "access_key"})


async def next_id(conn) -> int:
    """The id of the endpoint about to be inserted (its secret is sealed bound to it)."""
    return await conn.fetchval("SELECT nextval(pg_get_serial_sequence('webhook_endpoints', 'id'))")


async def insert(conn, endpoint_id: int, company_id: int, url: str, events: list[str], description: str | None,
                 sealed_secret: bytes) -> Row:
    return await conn.fetchrow(
        f"INSERT INTO webhook_endpoints (id, company_id, url, events, description, sealed_secret) "
        f"VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}",
        endpoint_id, company_id, url, events, description, sealed_secret)


async def count(conn, company_id: int) -> int:
    return await conn.fetchval("SELECT count(*) FROM webhook_endpoints WHERE company_id = $1", company_id)


async def list_for(conn, company_id: int) -> list[Row]:
    return await conn.fetch(f"SELECT {COLUMNS} FROM webhook_endpoints WHERE company_id = $1 ORDER BY id", company_id)


async def get(conn, company_id: int, endpoint_id: int, *, for_update: bool = False) -> Row | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM webhook_endpoints WHERE company_id = $1 AND id = $2{lock}",
                               company_id, endpoint_id)


async def delete(conn, company_id: int, endpoint_id: int) -> Row | None:
    """The deleted endpoint (its deliveries go with it), or None."""
    return await conn.fetchrow(f"DELETE FROM webhook_endpoints WHERE company_id = $1 AND id = $2 RETURNING {COLUMNS}",
                               company_id, endpoint_id)


async def enable(conn, endpoint_id: int) -> None:
    """Back in service with clean counts (a replay on a disabled endpoint)."""
    await conn.execute("UPDATE webhook_endpoints SET enabled = true, disabled_reason = NULL, disabled_at = NULL, "
                       "failure_count = 0, failing_since = NULL WHERE id = $1", endpoint_id)


async def record_success(conn, endpoint_id: int) -> None:
    await conn.execute("UPDATE webhook_endpoints SET failure_count = 0, failing_since = NULL "
                       "WHERE id = $1 AND (failure_count <> 0 OR failing_since IS NOT NULL)", endpoint_id)


async def record_failure(conn, endpoint_id: int, *, delivery_failed: bool) -> Row | None:
    """Count a failed attempt (and a delivery that ended failed); the endpoint's counts after it."""
    return await conn.fetchrow(
        "UPDATE webhook_endpoints SET failure_count = failure_count + $2::int, "
        "failing_since = coalesce(failing_since, now()) WHERE id = $1 "
        "RETURNING enabled, failure_count, failing_since", endpoint_id, int(delivery_failed))


async def disable(conn, endpoint_id: int, reason: str) -> None:
    """No more deliveries: disabled with the reason, its pending deliveries failed."""
    await conn.execute("UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now() "
                       "WHERE id = $1", endpoint_id, reason)
    await conn.execute("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, updated_at = now() "
                       "WHERE endpoint_id = $1 AND status = 'pending'", endpoint_id)


async def remember(conn, company_id: int, document_id: int, facts: dict[str, Any]) -> Row:
    """Merge `facts` (known values only) into what is kept about the document; the merged row."""
    known = {k: v for k, v in facts.items() if k in FACTS and v is not None}
    names = list(known)
    inserts = ", ".join(names)
    values = ", ".join(f"${i}" for i in range(3, len(names) + 3))
    updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names)
    return await conn.fetchrow(
        f"INSERT INTO webhook_documents (company_id, document_id{', ' if names else ''}{inserts}) "
        f"VALUES ($1, $2{', ' if names else ''}{values}) ON CONFLICT (company_id, document_id) DO UPDATE SET "
        f"{updates + ', ' if names else ''}updated_at = now() RETURNING *",
        company_id, document_id, *known.values())


async def facts_of(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM webhook_documents WHERE company_id = $1 AND document_id = $2",
                               company_id, document_id)

