"""SQL of `webhook_deliveries` and `webhook_attempts`: the fan-out of an event, the leased claim of
due deliveries (shared/runtime/due_worker.py), each attempt's outcome, the list and the replay."""
from __future__ import annotations

from uuid import UUID

import asyncpg

from services.renderer_mailer.domain.webhooks import Outcome
from shared.db.paging import Paging
from shared.db.leases import LeasedRows

Row = asyncpg.Record
DUE_CHANNEL = "renderer_mailer_webhooks_due"  # NOTIFY when a delivery becomes due now (sent on commit)
PUBLIC = "d.id, d.endpoint_id, d.event_type, d.status, d.body, d.tries, d.next_attempt_at, d.created_at"


async def fan_out(conn, company_id: int, event_type: str, body: str, source_message_id: UUID) -> int:
    """One pending delivery per enabled endpoint of the company subscribed to `event_type`; a
    source message seen before adds nothing. How many were created."""
    done = await conn.execute(
        "INSERT INTO webhook_deliveries (id, endpoint_id, company_id, event_type, source_message_id, body) "
        "SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), e.id, e.company_id, $2, $4, $3 "
        "FROM webhook_endpoints e WHERE e.company_id = $1 AND e.enabled AND $2 = ANY(e.events) "
        "ON CONFLICT (endpoint_id, source_message_id) DO NOTHING", company_id, event_type, body, source_message_id)
    return int(done.split()[-1])


DUE_ROWS = LeasedRows(  # due deliveries of enabled endpoints, with the endpoint's URL and secret
    "webhook_deliveries", "d.status = 'pending' AND e.enabled", join="JOIN webhook_endpoints e ON e.id = d.endpoint_id",
    sets="", returning="t.id, t.endpoint_id, t.body, t.tries, t.lease_token, e.url, e.sealed_secret",
    also_from=", webhook_endpoints e", also_where=" AND e.id = t.endpoint_id")


async def finish(conn, delivery_id: str, token, *, status: str, tries: int, delay: float | None) -> Row | None:
    """The attempt's result if the lease is still ours and the delivery still pending (else None:
    taken over, replayed, or its endpoint disabled or deleted meanwhile). `delay`: due again then."""
    return await conn.fetchrow(
        "UPDATE webhook_deliveries SET status = $3, tries = $4, lease_token = NULL, lease_until = NULL, "
        "next_attempt_at = CASE WHEN $5::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $5) END, "
        "updated_at = now() WHERE id = $1 AND lease_token = $2 AND status = 'pending' RETURNING id",
        delivery_id, token, status, tries, delay)


async def release(conn, delivery_id: str, token, delay: float) -> None:
    """Give the lease back, due again after `delay` seconds (after an unexpected failure)."""
    await conn.execute("UPDATE webhook_deliveries SET lease_token = NULL, lease_until = NULL, "
                       "next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND lease_token = $2",
                       delivery_id, token, delay)


async def add_attempt(conn, delivery_id: str, outcome: Outcome) -> None:
    await conn.execute(
        "INSERT INTO webhook_attempts (delivery_id, status_code, duration_ms, error, response_excerpt) "
        "VALUES ($1, $2, $3, $4, $5)", delivery_id, outcome.status_code, outcome.duration_ms, outcome.error,
        outcome.excerpt)


async def attempts_of(conn, delivery_ids: list[str]) -> dict[str, list[Row]]:
    rows = await conn.fetch("SELECT delivery_id, at, status_code, duration_ms, error, response_excerpt "
                            "FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY id", delivery_ids)
    out: dict[str, list[Row]] = {i: [] for i in delivery_ids}
    for row in rows:
        out[row["delivery_id"]].append(row)
    return out


async def page(conn, endpoint_id: int, status: str | None, paging: Paging) -> tuple[list[Row], int]:
    """An endpoint's deliveries, newest first."""
    where = "d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)"
    total = await conn.fetchval(f"SELECT count(*) FROM webhook_deliveries d WHERE {where}", endpoint_id, status)
    rows = await conn.fetch(f"SELECT {PUBLIC} FROM webhook_deliveries d WHERE {where} "
                            f"ORDER BY d.created_at DESC, d.id LIMIT $3 OFFSET $4",
                            endpoint_id, status, paging.limit, paging.offset)
    return rows, total


async def get(conn, endpoint_id: int, delivery_id: str) -> Row | None:
    return await conn.fetchrow(f"SELECT {PUBLIC} FROM webhook_deliveries d WHERE d.endpoint_id = $1 AND d.id = $2",
                               endpoint_id, delivery_id)


async def replay(conn, endpoint_id: int, delivery_id: str) -> Row | None:
    """Pending again, due now, with a fresh schedule (same id and body); None if not this endpoint's."""
    return await conn.fetchrow(
        f"UPDATE webhook_deliveries d SET status = 'pending', tries = 0, next_attempt_at = now(), updated_at = now() "
        f"WHERE d.endpoint_id = $1 AND d.id = $2 RETURNING {PUBLIC}", endpoint_id, delivery_id)
