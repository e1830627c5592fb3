"""API keys of a company (stored hashed)."""
from __future__ import annotations

from services.gateway.db import Conn, Row

_KEY_COLS = "id, name, prefix, scopes, created_at, last_used_at, revoked_at"


async def find_api_key(conn: Conn, key_hash: str) -> Row | None:
    """A key that is not revoked, with its company's modules."""
    return await conn.fetchrow(
        "SELECT k.id, k.company_id, k.scopes, c.modules FROM api_keys k "
        "JOIN companies c ON c.id = k.company_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL", key_hash)


async def touch_api_key(conn: Conn, key_id: int) -> None:
    await conn.execute("UPDATE api_keys SET last_used_at = now() WHERE id = $1", key_id)


async def insert_api_key(conn: Conn, company_id: int, name: str, prefix: str, key_hash: str,
                         scopes: list[str]) -> Row:
    return await conn.fetchrow(
        "INSERT INTO api_keys (company_id, name, prefix, key_hash, scopes) VALUES ($1, $2, $3, $4, $5) "
        f"RETURNING {_KEY_COLS}", company_id, name, prefix, key_hash, scopes)


async def api_key_company(conn: Conn, key_hash: str) -> int | None:
    """The company of a key with this hash, revoked or not."""
    return await conn.fetchval("SELECT company_id FROM api_keys WHERE key_hash = $1", key_hash)


async def list_api_keys(conn: Conn, company_id: int) -> list[Row]:
    return await conn.fetch(f"SELECT {_KEY_COLS} FROM api_keys WHERE company_id = $1 ORDER BY id", company_id)


async def get_api_key(conn: Conn, company_id: int, key_id: int) -> Row | None:
    return await conn.fetchrow(f"SELECT {_KEY_COLS} FROM api_keys WHERE company_id = $1 AND id = $2",
                               company_id, key_id)


async def revoke_api_key(conn: Conn, company_id: int, key_id: int) -> bool:
    """False when the key is not one of this company's."""
    row = await conn.fetchval(
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND company_id = $2 "
        "RETURNING id", key_id, company_id)
    return row is not None
