"""SQL of `submissions` and `attempts` (asyncpg; jsonb columns take and give Python lists)."""
from __future__ import annotations

from typing import Any

import asyncpg

from shared.contracts.sri import SubmitDocument
from shared.db.leases import LeasedRows

Row = asyncpg.Record
DUE_CHANNEL = "sri_submitter_due"  # NOTIFY when a submission becomes due now (sent on commit)
WRITABLE = frozenset({"stage", "signed_xml", "messages", "authorized_xml", "xml_path", "authorization_number",
                      "authorized_at", "tries", "ever_sent", "lease_token", "lease_until"})


async def insert(conn, cmd: SubmitDocument, access_key: str) -> Row | None:
    """The new submission, or None when the document already has one (its key is kept)."""
    return await conn.fetchrow(
        "INSERT INTO submissions (company_id, document_id, document_type, environment, issue_date, access_key, "
        "snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (company_id, document_id) DO NOTHING "
        "RETURNING *", cmd.company_id, cmd.document_id, cmd.document_type, cmd.environment, cmd.issue_date,
        access_key, cmd.model_dump(mode="json"))


async def by_document(conn, company_id: int, document_id: int, *, for_update: bool = False) -> Row | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM submissions WHERE company_id = $1 AND document_id = $2{lock}",
                               company_id, document_id)


async def attempts_of(conn, submission_id: int) -> list[Row]:
    return await conn.fetch("SELECT at, operation, estado, detail, messages FROM attempts "
                            "WHERE submission_id = $1 ORDER BY id", submission_id)


async def notify_due(conn) -> None:
    await conn.execute("SELECT pg_notify($1, '')", DUE_CHANNEL)


DUE_ROWS = LeasedRows("submissions", "d.stage IN ('pending', 'signed', 'received')")


async def update_leased(conn, submission_id: int, token, values: dict[str, Any], *, events: int,
                        delay: float | None) -> Row | None:
    """Apply `values` if the lease is still ours; bumps event_seq by `events`; `delay` (seconds)
    reschedules and releases the lease. None when another worker took the submission over."""
    unknown = set(values) - WRITABLE
    if unknown:
        raise ValueError(f"not writable: {sorted(unknown)}")
    params: list[Any] = [submission_id, token, events]
    release = ""
    if delay is not None:
        params.append(delay)
        release = "next_attempt_at = now() + make_interval(secs => $4), lease_token = NULL, lease_until = NULL, "
    sets = "".join(f"{name} = ${i}, " for i, name in enumerate(values, start=len(params) + 1))
    return await conn.fetchrow(
        f"UPDATE submissions SET {sets}{release}event_seq = event_seq + $3, updated_at = now() "
        f"WHERE id = $1 AND lease_token = $2 RETURNING *", *params, *values.values())


async def release(conn, submission_id: int, token, delay: float) -> None:
    """Give the lease back, due again after `delay` seconds (e.g. after an unexpected failure)."""
    await conn.execute("UPDATE submissions SET lease_token = NULL, lease_until = NULL, "
                       "next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND lease_token = $2",
                       submission_id, token, delay)


async def add_attempt(conn, submission_id: int, operation: str, estado: str, *, request: dict, detail: str | None,
                      messages: list[dict], duration_ms: int | None) -> None:
    await conn.execute(
        "INSERT INTO attempts (submission_id, operation, request, estado, detail, messages, duration_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)", submission_id, operation, request, estado, detail, messages,
        duration_ms)


async def restart(conn, submission_id: int) -> Row:
    """Back to the pipeline with the same key: re-sign, then query before resending."""
    return await conn.fetchrow(
        "UPDATE submissions SET stage = 'pending', cycle = cycle + 1, cycle_started_at = now(), tries = 0, "
        "messages = '[]'::jsonb, next_attempt_at = now(), lease_token = NULL, lease_until = NULL, "
        "event_seq = event_seq + 1, updated_at = now() WHERE id = $1 RETURNING *", submission_id)


async def expedite(conn, submission_id: int) -> Row:
    """An active submission: try again now instead of at its scheduled time."""
    return await conn.fetchrow("UPDATE submissions SET next_attempt_at = least(next_attempt_at, now()), "
                               "updated_at = now() WHERE id = $1 RETURNING *", submission_id)
