"""Login sessions (Bearer tokens, stored hashed)."""
from __future__ import annotations

from datetime import datetime

from services.gateway.db import Conn, Row


async def find_session(conn: Conn, token_hash: str) -> Row | None:
    """A live session of an active user (not revoked, not expired)."""
    return await conn.fetchrow(
        "SELECT s.id, s.user_id, extract(epoch FROM s.expires_at - now())::float8 AS seconds_left "
        "FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active",
        token_hash)


async def create_session(conn: Conn, user_id: int, token_hash: str, ttl_seconds: int) -> datetime:
    return await conn.fetchval(
        "INSERT INTO sessions (token_hash, user_id, expires_at) "
        "VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at",
        token_hash, user_id, float(ttl_seconds))


async def revoke_session(conn: Conn, session_id: int) -> None:
    await conn.execute("UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", session_id)


async def purge_expired(conn: Conn) -> None:
    """Drop sessions expired more than a week ago."""
    await conn.execute("DELETE FROM sessions WHERE expires_at < now() - interval '7 days'")
