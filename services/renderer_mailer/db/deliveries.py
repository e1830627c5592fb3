"""SQL of `mail_deliveries`: one row per mail request, leased by the mail worker while it sends.

A delivery is due only once its document is rendered (the join with `renders`)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

from shared.db.leases import LeasedRows

Row = asyncpg.Record
DUE_CHANNEL = "renderer_mailer_mail_due"  # NOTIFY when a delivery may be due now (sent on commit)
WRITABLE = frozenset({"status", "smtp_code", "smtp_reply", "reason", "sent_at", "failed_at", "transient_reported"})


async def insert(conn, *, company_id: int, document_id: int, request_id: str, recipients: list[str],
                 message_id: str, failed_reason: str | None = None,
                 failed_at: datetime | None = None) -> Row | None:
    """The new delivery (pending; or failed at once with `failed_reason`), None for a known request."""
    return await conn.fetchrow(
        "INSERT INTO mail_deliveries (company_id, document_id, request_id, recipients, message_id, status, reason, "
        "failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (company_id, document_id, request_id) DO NOTHING RETURNING *",
        company_id, document_id, request_id, recipients, message_id,
        "pending" if failed_reason is None else "failed", failed_reason, failed_at)


async def of_document(conn, company_id: int, document_id: int) -> list[Row]:
    return await conn.fetch("SELECT * FROM mail_deliveries WHERE company_id = $1 AND document_id = $2 ORDER BY id",
                            company_id, document_id)


# due deliveries of rendered documents; claimed ones are marked `sending`, committed before any SMTP talk
DUE_ROWS = LeasedRows("mail_deliveries", "d.status IN ('pending', 'sending')", join=(
    "JOIN renders r ON r.company_id = d.company_id AND r.document_id = d.document_id AND r.status = 'rendered'"),
    sets="status = 'sending', updated_at = now(), ")


async def finish_attempt(conn, delivery_id: int, token, values: dict[str, Any], attempt: dict[str, Any], *,
                         delay: float | None = None) -> Row | None:
    """Record one attempt (appended to `attempts`, tries + 1) and its outcome `values`, and give the
    lease back; `delay` makes it due again (pending) after that many seconds. Fenced by the lease:
    None when another worker took the delivery over."""
    unknown = set(values) - WRITABLE
    if unknown:
        raise ValueError(f"not writable: {sorted(unknown)}")
    params: list[Any] = [delivery_id, token, [attempt]]
    schedule = ""
    if delay is not None:
        params.append(delay)
        schedule = "next_attempt_at = now() + make_interval(secs => $4), "
    sets = "".join(f"{name} = ${i}, " for i, name in enumerate(values, start=len(params) + 1))
    return await conn.fetchrow(
        f"UPDATE mail_deliveries SET {sets}{schedule}tries = tries + 1, attempts = attempts || $3::jsonb, "
        "lease_token = NULL, lease_until = NULL, updated_at = now() WHERE id = $1 AND lease_token = $2 "
        "RETURNING *", *params, *values.values())
