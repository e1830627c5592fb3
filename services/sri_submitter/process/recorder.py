"""Recording one exchange with the SRI: the submission's new state, the `attempts` row, the
timeline event (SubmissionProgressed) and, at the end, DocumentAuthorized / DocumentRejected,
all in one transaction through the outbox.

Writes are fenced by the worker's lease token: a worker whose lease expired (and whose
submission another worker took over) records nothing (LeaseLost).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import asyncpg

from services.sri_submitter.db import submissions as db
from services.sri_submitter.domain.submission import REJECTION
from shared.contracts.envelope import Contract, document_correlation
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SriMessage, SubmissionProgressed
from shared.db.outbox import Outbox


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


class Recorder:
    def __init__(self, pool: asyncpg.Pool):
        self.pool = pool

    async def record(self, row, exchange: Exchange, change: Change) -> asyncpg.Record:
        """The submission as it is now; raises LeaseLost."""
        events = 2 if change.final else 1
        async with self.pool.acquire() as conn, conn.transaction():
            new = await db.update_leased(conn, row["id"], row["lease_token"], change.values, events=events,
                                         delay=change.delay)
            if new is None:
                raise LeaseLost(row["access_key"])
            await db.add_attempt(conn, row["id"], exchange.operation, exchange.estado, request=exchange.request,
                                 detail=exchange.detail, messages=dumped(exchange.messages),
                                 duration_ms=exchange.duration_ms)
            outbox = Outbox(conn, correlation_id=document_correlation(row["document_id"]))
            first = new["event_seq"] - events + 1
            await outbox.add(progress(new, exchange, first), company_id=row["company_id"])
            if change.final:
                await outbox.add(result(new, first + 1), company_id=row["company_id"])
        return new
