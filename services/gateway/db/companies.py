"""Companies (tenants): data, settings and enabled modules."""
from __future__ import annotations

from typing import Any

from services.gateway.db import Conn, Row

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
