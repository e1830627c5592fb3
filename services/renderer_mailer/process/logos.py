"""The company's logo: stored (file store + `company_logos` row) and loaded for the RIDE."""
from __future__ import annotations

import hashlib

import asyncpg

from services.renderer_mailer.db import logos as db_logos
from services.renderer_mailer.domain.logo import logo_kind, logo_path
from shared.storage import FileStore, StoredFileMissing


async def load_logo(conn, store: FileStore, company_id: int) -> bytes | None:
    """The company's logo file, or None when it has none (or its file is gone)."""
    row = await db_logos.get(conn, company_id)
    if row is None:
        return None
    try:
        return await store.get(row["path"])
    except StoredFileMissing:
        return None


async def save_logo(conn, store: FileStore, company_id: int, data: bytes) -> asyncpg.Record:
    """Check the file (domain.logo: BadLogo with the reason), store it, record it; the new row.
    The file is written before the row, so the row never points at a missing file."""
    kind = logo_kind(data)
    path = logo_path(company_id, kind)
    await store.put(path, data)
    return await db_logos.upsert(conn, company_id, path, kind.content_type, len(data),
                                 hashlib.sha256(data).hexdigest())
