"""Users (people who log in), across companies."""
from __future__ import annotations

from services.gateway.db import Conn, Row


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
