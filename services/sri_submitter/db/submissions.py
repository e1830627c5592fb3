"""SQL of `submissions` and `attempts` (asyncpg; jsonb columns take and give Python lists)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Sequence

import asyncpg

from shared.contracts.envelope import Envelope, routing_key_for
from shared.contracts.sri import SubmitDocument
from shared.db.leases import LeasedRows
from shared.db.outbox import EVENTS_EXCHANGE, NOTIFY_PREFIX

Row = asyncpg.Record
DUE_CHANNEL = "sri_submitter_due"  # NOTIFY when a submission becomes due now (sent on commit)
WRITABLE = frozenset({"stage", "signed_xml", "messages", "authorized_xml", "xml_path", "authorization_number",
                      "authorized_at", "tries", "ever_sent", "lease_token", "lease_until"})


async def insert(conn, cmd: SubmitDocument, access_key: str) -> int | None:
    """The new submission's id, the workers woken at commit; None when the document already has one
    (its key is kept)."""
    return await conn.fetchval(
        "WITH i AS (INSERT INTO submissions (company_id, document_id, document_type, environment, issue_date, "
        "access_key, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb) "
        "ON CONFLICT (company_id, document_id) DO NOTHING RETURNING id) SELECT i.id, pg_notify($8, '') FROM i",
        cmd.company_id, cmd.document_id, cmd.document_type, cmd.environment, cmd.issue_date, access_key,
        cmd.model_dump_json(), DUE_CHANNEL)


async def by_document(conn, company_id: int, document_id: int, *, for_update: bool = False) -> Row | None:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(f"SELECT * FROM submissions WHERE company_id = $1 AND document_id = $2{lock}",
                               company_id, document_id)


async def attempts_of(conn, submission_id: int) -> list[Row]:
    return await conn.fetch("SELECT at, operation, estado, detail, messages FROM attempts "
                            "WHERE submission_id = $1 ORDER BY id", submission_id)


async def notify_due(conn) -> None:
    await conn.execute("SELECT pg_notify($1, '')", DUE_CHANNEL)


IN_PROGRESS = "d.stage IN ('pending', 'signed', 'received')"
DUE_ROWS = LeasedRows("submissions", IN_PROGRESS)
# what the pipeline reads of a submission: not the authorized XML; the snapshot (as JSON text) only to sign
COLUMNS = ("id, company_id, document_id, document_type, environment, issue_date, access_key, stage, signed_xml, "
           "messages, xml_path, authorization_number, authorized_at, cycle, cycle_started_at, tries, ever_sent, "
           "event_seq, next_attempt_at, lease_token, lease_until")
# DUE_ROWS.claim and .seconds_to_next in one statement: the rows leased now and, over the others, the
# seconds until the next one is due (a row with NULL columns when nothing was leased)
CLAIM = (
    f"WITH due AS (SELECT d.id FROM submissions d WHERE {IN_PROGRESS} AND d.next_attempt_at <= now() "
    "  AND (d.lease_until IS NULL OR d.lease_until < now()) ORDER BY d.next_attempt_at LIMIT $1 "
    "  FOR UPDATE OF d SKIP LOCKED), "
    "c AS (UPDATE submissions t SET lease_token = gen_random_uuid(), lease_until = now() + make_interval(secs => $2) "
    f"  FROM due WHERE t.id = due.id RETURNING {', '.join('t.' + c for c in COLUMNS.split(', '))}, "
    "  CASE WHEN t.stage = 'pending' THEN t.snapshot::text END AS snapshot), "
    "n AS (SELECT extract(epoch FROM min(greatest(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at))) "
    f"  - now()) AS next_due FROM submissions d WHERE {IN_PROGRESS} AND d.id NOT IN (SELECT id FROM due)) "
    "SELECT c.*, n.next_due FROM n LEFT JOIN c ON true")


async def claim(conn, limit: int, lease_seconds: float) -> tuple[list[Row], float | None]:
    """Lease up to `limit` due submissions (oldest due first); and the seconds until the next of the
    others is due (0: now; a leased one when its lease ends), None when none waits."""
    found = await conn.fetch(CLAIM, limit, lease_seconds)
    next_due = found[0]["next_due"] if found else None
    return [r for r in found if r["id"] is not None], None if next_due is None else max(float(next_due), 0.0)


# db.record: the leased row's update (fenced by lease and event_seq), its attempts and events, one statement
RECORD = (
    "WITH s AS (UPDATE submissions SET {sets}{release}event_seq = event_seq + $4, updated_at = now() "
    "  WHERE id = $1 AND lease_token = $2 AND event_seq = $3 RETURNING " + COLUMNS + "), "
    "a AS (INSERT INTO attempts (submission_id, operation, request, estado, detail, messages, duration_ms) "
    "  SELECT s.id, t.o, t.r::jsonb, t.e, t.d, t.m::jsonb, t.ms FROM s, unnest($5::text[], $6::text[], $7::text[], "
    "  $8::text[], $9::text[], $10::int[]) WITH ORDINALITY AS t (o, r, e, d, m, ms, n) ORDER BY t.n), "
    "ob AS (INSERT INTO outbox (message_id, exchange, routing_key, mandatory, body, next_attempt_at) "
    f"  SELECT m, '{EVENTS_EXCHANGE}', r, false, b, now() + make_interval(secs => $14) "
    "  FROM unnest($11::uuid[], $12::text[], $13::text[]) AS t (m, r, b) WHERE EXISTS (SELECT 1 FROM s) RETURNING 1) "
    f"SELECT s.* FROM s WHERE (SELECT count(pg_notify('{NOTIFY_PREFIX}' || current_schema(), '')) FROM ob "
    "  WHERE $14 = 0) >= 0")


@dataclass(frozen=True)
class Attempt:
    """One row of `attempts`."""

    operation: str
    estado: str
    request: dict
    detail: str | None
    messages: list[dict]
    duration_ms: int | None


async def record(conn, row, values: dict[str, Any], *, attempts: Sequence[Attempt], events: Sequence[Envelope],
                 delay: float | None, hold: float = 0.0, sequences: int | None = None) -> Row | None:
    """One statement, so one atomic commit without BEGIN/COMMIT round trips: apply `values` to the
    leased submission `row` (its event_seq bumped by `sequences`, default len(events): an event carrying
    earlier steps numbers them too; `delay` seconds: rescheduled and the
    lease given back), add the attempts in order, write `events` to the outbox and wake its relay. Only
    if the lease is still ours and no event was published since `row` was read; else nothing is
    written and the answer is None (another worker took the submission over). `hold` > 0: the events
    are held for the caller, who publishes them itself after this commit (no relay wake-up)."""
    unknown = set(values) - WRITABLE
    if unknown:
        raise ValueError(f"not writable: {sorted(unknown)}")
    numbered = len(events) if sequences is None else sequences
    params: list[Any] = [row["id"], row["lease_token"], row["event_seq"], numbered,
                         [a.operation for a in attempts], [json.dumps(a.request) for a in attempts],
                         [a.estado for a in attempts], [a.detail for a in attempts],
                         [json.dumps(a.messages) for a in attempts], [a.duration_ms for a in attempts],
                         [e.message_id for e in events], [routing_key_for(e.type, e.version) for e in events],
                         [e.model_dump_json() for e in events], float(hold)]
    release = ""
    if delay is not None:
        params.append(delay)
        release = (f"next_attempt_at = now() + make_interval(secs => ${len(params)}), lease_token = NULL, "
                   "lease_until = NULL, ")
    sets = "".join(f"{name} = ${i}, " for i, name in enumerate(values, start=len(params) + 1))
    return await conn.fetchrow(RECORD.format(sets=sets, release=release), *params, *values.values())


async def release(conn, submission_id: int, token, delay: float) -> None:
    """Give the lease back, due again after `delay` seconds (e.g. after an unexpected failure)."""
    await conn.execute("UPDATE submissions SET lease_token = NULL, lease_until = NULL, "
                       "next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND lease_token = $2",
                       submission_id, token, delay)


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
