"""SQL of `company_logos`: one row per company (the file is in the file store)."""
from __future__ import annotations

import asyncpg

COLUMNS = "company_id, path, content_type, size, sha256, updated_at"


async def get(conn, company_id: int) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {COLUMNS} FROM company_logos WHERE company_id = $1", company_id)


async def upsert(conn, company_id: int, path: str, content_type: str, size: int, sha256: str) -> asyncpg.Record:
    """Record the company's logo (replacing the previous one)."""
    return await conn.fetchrow(
        f"INSERT INTO company_logos (company_id, path, content_type, size, sha256) VALUES ($1, $2, $3, $4, $5) "
        f"ON CONFLICT (company_id) DO UPDATE SET path = EXCLUDED.path, content_type = EXCLUDED.content_type, "
        f"size = EXCLUDED.size, sha256 = EXCLUDED.sha256, updated_at = now() RETURNING {COLUMNS}",
        company_id, path, content_type, size, sha256)
