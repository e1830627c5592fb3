"""SQL of the gateway's schema, one named function per statement (asyncpg)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool
Row = asyncpg.Record


# --- credentials -------------------------------------------------------------

async def find_session(conn: Conn, token_hash: str) -> Row | None:
    """A live session of an active user (not revoked, not expired)."""
    return await conn.fetchrow(
        "SELECT s.id, s.user_id FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active",
        token_hash)


async def create_session(conn: Conn, user_id: int, token_hash: str, ttl_seconds: int) -> datetime:
    return await conn.fetchval(
        "INSERT INTO sessions (token_hash, user_id, expires_at) "
        "VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at",
        token_hash, user_id, float(ttl_seconds))


async def revoke_session(conn: Conn, session_id: int) -> None:
    await conn.execute("UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", session_id)


async def find_membership(conn: Conn, user_id: int, company_id: int) -> Row | None:
    return await conn.fetchrow(
        "SELECT m.role, c.modules FROM memberships m JOIN companies c ON c.id = m.company_id "
        "WHERE m.user_id = $1 AND m.company_id = $2", user_id, company_id)


async def find_api_key(conn: Conn, key_hash: str) -> Row | None:
    """A key that is not revoked, with its company's modules."""
    return await conn.fetchrow(
        "SELECT k.id, k.company_id, k.scopes, c.modules FROM api_keys k "
        "JOIN companies c ON c.id = k.company_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL", key_hash)


async def touch_api_key(conn: Conn, key_id: int) -> None:
    await conn.execute("UPDATE api_keys SET last_used_at = now() WHERE id = $1", key_id)


_KEY_COLS = "id, name, prefix, scopes, created_at, last_used_at, revoked_at"


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


# --- users and memberships ----------------------------------------------------

async def find_user_by_email(conn: Conn, email: str) -> Row | None:
    return await conn.fetchrow(
        "SELECT id, name, email, password_hash, active FROM users WHERE lower(email) = lower($1)", email)


async def get_user(conn: Conn, user_id: int) -> Row | None:
    return await conn.fetchrow("SELECT id, name, email FROM users WHERE id = $1", user_id)


async def insert_user(conn: Conn, email: str, name: str, password_hash: str) -> Row:
    return await conn.fetchrow(
        "INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, name, email",
        email.strip().lower(), name, password_hash)


async def set_password(conn: Conn, user_id: int, password_hash: str) -> None:
    await conn.execute("UPDATE users SET password_hash = $2 WHERE id = $1", user_id, password_hash)


async def user_companies(conn: Conn, user_id: int) -> list[Row]:
    return await conn.fetch(
        "SELECT c.id, coalesce(c.trade_name, c.legal_name) AS name, c.ruc, m.role FROM memberships m "
        "JOIN companies c ON c.id = m.company_id WHERE m.user_id = $1 ORDER BY c.id", user_id)


async def add_membership(conn: Conn, user_id: int, company_id: int, role: str) -> bool:
    """False when the user already belongs to the company."""
    row = await conn.fetchval(
        "INSERT INTO memberships (user_id, company_id, role) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING RETURNING 1", user_id, company_id, role)
    return row is not None


_MEMBERS = ("SELECT u.id, u.name, u.email, u.active, m.role, m.created_at FROM memberships m "
            "JOIN users u ON u.id = m.user_id WHERE m.company_id = $1")


async def list_members(conn: Conn, company_id: int) -> list[Row]:
    return await conn.fetch(f"{_MEMBERS} ORDER BY u.id", company_id)


async def get_member(conn: Conn, company_id: int, user_id: int) -> Row | None:
    return await conn.fetchrow(f"{_MEMBERS} AND m.user_id = $2", company_id, user_id)


async def lock_company_roles(conn: Conn, company_id: int) -> list[str]:
    """Roles of all members, locked so two changes cannot both remove the last owner."""
    rows = await conn.fetch("SELECT role FROM memberships WHERE company_id = $1 FOR UPDATE", company_id)
    return [r["role"] for r in rows]


async def set_role(conn: Conn, company_id: int, user_id: int, role: str) -> None:
    await conn.execute("UPDATE memberships SET role = $3 WHERE company_id = $1 AND user_id = $2",
                       company_id, user_id, role)


async def remove_membership(conn: Conn, company_id: int, user_id: int) -> None:
    await conn.execute("DELETE FROM memberships WHERE company_id = $1 AND user_id = $2", company_id, user_id)


# --- companies ----------------------------------------------------------------

_COMPANY_COLS = "id, ruc, legal_name, trade_name, address, settings, modules, created_at, updated_at"


async def get_company(conn: Conn, company_id: int, *, for_update: bool = False) -> Row | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT {_COMPANY_COLS} FROM companies WHERE id = $1{lock}", company_id)


async def find_company_by_ruc(conn: Conn, ruc: str) -> Row | None:
    return await conn.fetchrow(f"SELECT {_COMPANY_COLS} FROM companies WHERE ruc = $1", ruc)


async def insert_company(conn: Conn, ruc: str, legal_name: str, trade_name: str | None,
                         address: str | None, settings: dict[str, Any]) -> Row:
    return await conn.fetchrow(
        "INSERT INTO companies (ruc, legal_name, trade_name, address, settings) VALUES ($1, $2, $3, $4, $5) "
        f"RETURNING {_COMPANY_COLS}", ruc, legal_name, trade_name, address, settings)


async def update_company(conn: Conn, company_id: int, values: dict[str, Any]) -> Row:
    """values: ruc, legal_name, trade_name, address, settings, modules (all present)."""
    return await conn.fetchrow(
        "UPDATE companies SET ruc = $2, legal_name = $3, trade_name = $4, address = $5, settings = $6, "
        f"modules = $7, updated_at = now() WHERE id = $1 RETURNING {_COMPANY_COLS}",
        company_id, values["ruc"], values["legal_name"], values["trade_name"], values["address"],
        values["settings"], values["modules"])


async def ruc_taken(conn: Conn, ruc: str, company_id: int) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM companies WHERE ruc = $1 AND id <> $2", ruc, company_id))
