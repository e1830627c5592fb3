"""The company read model's SQL (asyncpg): built from `gateway.company_updated` events."""
from __future__ import annotations

from datetime import datetime

import asyncpg

Row = asyncpg.Record


async def upsert(conn, company: dict, occurred_at: datetime) -> bool:
    """Store the snapshot unless a newer one is already stored; True when applied."""
    return await conn.fetchval(
        """INSERT INTO companies (company_id, ruc, legal_name, trade_name, address, settings, modules, occurred_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (company_id) DO UPDATE SET ruc = EXCLUDED.ruc, legal_name = EXCLUDED.legal_name,
               trade_name = EXCLUDED.trade_name, address = EXCLUDED.address, settings = EXCLUDED.settings,
               modules = EXCLUDED.modules, occurred_at = EXCLUDED.occurred_at, updated_at = now()
           WHERE companies.occurred_at <= EXCLUDED.occurred_at
           RETURNING true""",
        company["company_id"], company["ruc"], company["legal_name"], company["trade_name"], company["address"],
        company["settings"], company["modules"], occurred_at) or False


async def get(conn, company_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM companies WHERE company_id = $1", company_id)
