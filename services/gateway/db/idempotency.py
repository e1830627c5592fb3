"""SQL of the idempotency records (one row per company, principal and key)."""
from __future__ import annotations

from services.gateway.db import Conn, Row

Scope = tuple[int, str, str]  # company_id (0 for user-level calls), principal, Idempotency-Key


async def claim(conn: Conn, scope: Scope, fingerprint: str, ttl_hours: int, lock_seconds: int) -> bool:
    """Start a request under this key; True when it is ours to run.

    An expired record, or one left 'running' longer than lock_seconds (its
    gateway died), is taken over.
    """
    row = await conn.fetchval(
        "INSERT INTO idempotency_keys (company_id, principal, key, fingerprint, state) "
        "VALUES ($1, $2, $3, $4, 'running') "
        "ON CONFLICT (company_id, principal, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
        " state = 'running', status = NULL, content_type = NULL, body = NULL, created_at = now(), updated_at = now() "
        "WHERE idempotency_keys.created_at < now() - make_interval(hours => $5) "
        " OR (idempotency_keys.state = 'running' AND idempotency_keys.updated_at < now() - make_interval(secs => $6)) "
        "RETURNING 1", *scope, fingerprint, ttl_hours, float(lock_seconds))
    return row is not None


async def find(conn: Conn, scope: Scope) -> Row | None:
    return await conn.fetchrow(
        "SELECT fingerprint, state, status, content_type, body FROM idempotency_keys "
        "WHERE company_id = $1 AND principal = $2 AND key = $3", *scope)


async def finish(conn: Conn, scope: Scope, status: int, content_type: str | None, body: bytes) -> None:
    await conn.execute(
        "UPDATE idempotency_keys SET state = 'done', status = $4, content_type = $5, body = $6, updated_at = now() "
        "WHERE company_id = $1 AND principal = $2 AND key = $3", *scope, status, content_type, body)


async def release(conn: Conn, scope: Scope) -> None:
    """Forget a request that failed with a 5xx: the client may retry with the same key."""
    await conn.execute(
        "DELETE FROM idempotency_keys WHERE company_id = $1 AND principal = $2 AND key = $3 AND state = 'running'",
        *scope)


async def purge(conn: Conn, ttl_hours: int) -> int:
    """Drop expired records; returns how many."""
    done = await conn.execute(
        "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)", ttl_hours)
    return int(done.split()[-1])
