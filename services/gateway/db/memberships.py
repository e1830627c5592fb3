"""Which users belong to which company, and with which role."""
from __future__ import annotations

from services.gateway.db import Conn, Row

_MEMBERS = ("SELECT u.id, u.name, u.email, u.active, m.role, m.created_at FROM memberships m "
            "JOIN users u ON u.id = m.user_id WHERE m.company_id = $1")


async def find_membership(conn: Conn, user_id: int, company_id: int) -> Row | None:
    return await conn.fetchrow(
        "SELECT m.role, c.modules FROM memberships m JOIN companies c ON c.id = m.company_id "
        "WHERE m.user_id = $1 AND m.company_id = $2", user_id, company_id)


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
