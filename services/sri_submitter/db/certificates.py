"""SQL of the `certificates` table: one active row per company, older ones kept as history."""
from __future__ import annotations

import asyncpg

from services.sri_submitter.certificates.info import CertificateInfo

COLUMNS = "id, company_id, subject, issuer, serial_number, ruc, valid_from, valid_to, created_at"


async def active(conn, company_id: int, *, sealed: bool = False) -> asyncpg.Record | None:
    """The company's current certificate (metadata; with the sealed blob when asked)."""
    extra = ", sealed" if sealed else ""
    return await conn.fetchrow(f"SELECT {COLUMNS}{extra} FROM certificates WHERE company_id = $1 AND active",
                               company_id)


async def sealed(conn, certificate_id: int) -> bytes | None:
    """The sealed .p12 of one certificate row (None when no longer active)."""
    return await conn.fetchval("SELECT sealed FROM certificates WHERE id = $1 AND active", certificate_id)


async def replace(conn, company_id: int, sealed_blob: bytes, info: CertificateInfo) -> asyncpg.Record:
    """Retire the active certificate (history) and make this one active, in the caller's transaction."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"sri_submitter:certificate:{company_id}")
    await conn.execute("UPDATE certificates SET active = false, replaced_at = now() "
                       "WHERE company_id = $1 AND active", company_id)
    return await conn.fetchrow(
        f"INSERT INTO certificates (company_id, sealed, subject, issuer, serial_number, ruc, valid_from, valid_to) "
        f"VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}",
        company_id, sealed_blob, info.subject, info.issuer, str(info.serial_number), info.ruc,
        info.valid_from, info.valid_to)
