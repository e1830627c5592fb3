"""Recording one exchange with the SRI: the submission's new state, the `attempts` row, the
timeline event (SubmissionProgressed) and, at the end, DocumentAuthorized / DocumentRejected,
all in one statement (one atomic commit) through the outbox (db.record).

Writes are fenced by the worker's lease token: a worker whose lease expired (and whose
submission another worker took over) records nothing (LeaseLost). The events' `sequence`
numbers follow the row's event_seq as this worker read it; the write checks it is unchanged.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import asyncpg

from services.sri_submitter.db import submissions as db
from services.sri_submitter.domain.submission import REJECTION
from shared.contracts.envelope import Contract, Envelope, document_correlation
from shared.contracts.sri_results import (DocumentAuthorized, DocumentRejected, ProgressStep, SriMessage,
                                         SubmissionProgressed)
from shared.db.outbox import HOLD_SECONDS

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """Another worker owns the submission now; this one drops what it was doing."""


@dataclass
class Exchange:
    """What one step did, for `attempts` and the document's timeline."""

    operation: str  # sign | reception | authorization
    estado: str  # RECIBIDA, DEVUELTA, AUTORIZADO, NO AUTORIZADO, EN PROCESAMIENTO, FIRMADO, ERROR
    step: str  # SubmissionProgressed.step
    sri_status: str  # sending | received | error | pending
    detail: str | None = None
    messages: list[SriMessage] = field(default_factory=list)
    request: dict[str, Any] = field(default_factory=dict)
    duration_ms: int | None = None


@dataclass
class Change:
    """The submission's new column values; `delay` reschedules it and gives the lease back
    (None: keep the lease, this worker goes on); `final` publishes the result."""

    values: dict[str, Any] = field(default_factory=dict)
    delay: float | None = None
    final: str | None = None  # authorized | returned | not_authorized | error
    progress: bool = True  # publish SubmissionProgressed; False when the final event tells the timeline all


def dumped(messages: list[SriMessage]) -> list[dict]:
    return [m.model_dump(mode="json") for m in messages]


def progress(row, exchange: Exchange, sequence: int) -> SubmissionProgressed:
    return SubmissionProgressed(document_id=row["document_id"], access_key=row["access_key"], step=exchange.step,
                                sri_status=exchange.sri_status, at=datetime.now(timezone.utc),
                                detail=exchange.detail, messages=exchange.messages, sequence=sequence)


def result(row, sequence: int) -> Contract:
    """DocumentAuthorized or DocumentRejected from the submission's final state."""
    messages = [SriMessage.model_validate(m) for m in row["messages"]]
    if row["stage"] == "authorized":
        return DocumentAuthorized(document_id=row["document_id"], access_key=row["access_key"],
                                  authorization_number=row["authorization_number"],
                                  authorized_at=row["authorized_at"], environment=row["environment"],
                                  xml_path=row["xml_path"], messages=messages, sequence=sequence)
    return DocumentRejected(document_id=row["document_id"], access_key=row["access_key"],
                            status=REJECTION[row["stage"]], messages=messages,
                            rejected_at=datetime.now(timezone.utc), sequence=sequence)


def utc(value: Any) -> Any:
    """A datetime as asyncpg reads a timestamptz back (UTC), so the event says what the row says."""
    return value.astimezone(timezone.utc) if isinstance(value, datetime) and value.tzinfo else value


def events(row, exchange: Exchange, change: Change, before: list[Exchange] = ()) -> list[Contract]:
    """The events of this step (after the timeline events of the `before` exchanges recorded with it),
    numbered after the row's event_seq; the result from the new values."""
    sequence, out = row["event_seq"], []
    for step in before:
        sequence += 1
        out.append(progress(row, step, sequence))
    if change.progress:
        sequence += 1
        out.append(progress(row, exchange, sequence))
    if change.final:
        new = {**dict(row), **{k: utc(v) for k, v in change.values.items()}}
        out.append(result(new, sequence + 1))
    return out


def folded(out: list[Contract]) -> list[Contract]:
    """The events of one write as one message: the last carries the steps before it (`earlier`); the
    sequences stay those of `events` (the row's event_seq still moves by len(out))."""
    if len(out) < 2:
        return out
    steps = [ProgressStep.model_validate(e.model_dump(include=set(ProgressStep.model_fields))) for e in out[:-1]]
    return [out[-1].model_copy(update={"earlier": steps})]


def attempt(exchange: Exchange) -> db.Attempt:
    return db.Attempt(exchange.operation, exchange.estado, exchange.request, exchange.detail,
                      dumped(exchange.messages), exchange.duration_ms)


class Recorder:
    """`relay` (the service's OutboxRelay): each step's events are published right after its commit, on
    the relay's channel, while the pipeline goes on (to the SRI); a submission's events leave in the
    order they were written (each publishing waits for the one before it). What fails is left to the
    relay once the hold is over. Without `relay`, the relay is woken at commit."""

    def __init__(self, pool: asyncpg.Pool, relay=None):
        self.pool, self.relay = pool, relay
        self.publishing: dict[int, asyncio.Task] = {}  # submission id -> publishing of its latest events

    async def record(self, row, exchange: Exchange, change: Change,
                     before: tuple[Exchange, Change] | None = None) -> asyncpg.Record:
        """The submission as it is now; raises LeaseLost. `before`: an earlier exchange of this lease
        not recorded yet (kept for this write: one statement for both), with its timeline event."""
        exchanges = [before[0], exchange] if before else [exchange]
        if before:
            change = Change({**before[1].values, **change.values}, change.delay, change.final, change.progress)
        correlation = document_correlation(row["document_id"])
        timeline = [before[0]] if before and before[1].progress else []
        contracts = events(row, exchange, change, timeline)
        envelopes = [Envelope.wrap(c, company_id=row["company_id"], correlation_id=correlation)
                     for c in folded(contracts)]
        hold = HOLD_SECONDS if self.relay is not None else 0.0
        async with self.pool.acquire() as conn:
            new = await db.record(conn, row, change.values, attempts=[attempt(e) for e in exchanges],
                                  events=envelopes, delay=change.delay, hold=hold, sequences=len(contracts))
        if new is None:
            raise LeaseLost(row["access_key"])
        if hold:
            self._publish(row["id"], [e.message_id for e in envelopes])
        return new

    def _publish(self, submission_id: int, message_ids: list) -> None:
        task = asyncio.create_task(self._published(self.publishing.get(submission_id), message_ids))
        self.publishing[submission_id] = task

        def done(_task: asyncio.Task) -> None:
            if self.publishing.get(submission_id) is task:
                del self.publishing[submission_id]
        task.add_done_callback(done)

    async def _published(self, earlier: asyncio.Task | None, message_ids: list) -> None:
        if earlier is not None:
            await asyncio.wait([earlier])
        try:
            async with self.pool.acquire() as conn:
                await self.relay.publish_held(conn, message_ids)
        except Exception as exc:  # noqa: BLE001 - held rows are the relay's once the hold is over
            log.warning("events left to the outbox relay", extra={"fields": {"error": repr(exc)}})

    async def drain(self, timeout: float) -> None:
        """Let the publishing under way finish (what does not is the relay's, after the hold)."""
        if self.publishing:
            await asyncio.wait(list(self.publishing.values()), timeout=timeout)
