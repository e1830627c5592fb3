"""The bounded wait of a create/issue call: after the commit, follow the document's progress
notifications (progress.py) until the issuance process settled at the configured step
(issuance.settled, WAIT_UNTIL) or the wait ends, and answer with the document as it is then
(read when a notified state may settle the wait, at the deadline, and as a backstop).
"""
from __future__ import annotations

import asyncio
import math
import time
from datetime import datetime, timezone
from typing import Any

from services.documents.db import documents as db
from services.documents.process.issuance import IssuanceState, WaitUntil, settled
from services.documents.process.progress import PROGRESS, Progress, Watch
from shared.contracts.rpc import Unprocessable

POLL, LISTENING_POLL = 0.1, 1.0  # seconds between looks without / with the progress listener
APPLIED = datetime.min.replace(tzinfo=timezone.utc)  # a notified state's "stock applied" (the time is not sent)


def requested_wait(raw: str | None, default: float, maximum: float) -> float:
    """`?wait=` seconds (0 returns at once), capped at the configured maximum."""
    if raw is None:
        return min(default, maximum)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise Unprocessable({"wait": ["El campo wait debe ser un número de segundos mayor o igual que 0."]})
    return min(value, maximum)


def deadline(raw_wait: str | None, settings) -> float:
    """When the answer is due (time.monotonic()): `?wait=` counts from the request's arrival,
    so the calls made before the commit eat into it and the call stays within the gateway's timeout."""
    return time.monotonic() + requested_wait(raw_wait, settings.invoice_wait_seconds,
                                             settings.invoice_wait_max_seconds)


async def wait_for(pool, company_id: int, document_id: int, deadline_at: float, until: WaitUntil,
                   progress: Progress = PROGRESS, recorded=None):
    """The document once settled, or as it is at `deadline_at` (time.monotonic()).

    Woken by the document's progress notifications, it reads the document again only when the
    state one carries may settle the wait (or carries none); polls as a backstop (often when the
    listener is not connected). `recorded`: the row as the caller just committed it, the answer
    without a read when the wait is already over (`?wait=0`)."""
    if recorded is not None and deadline_at <= time.monotonic():
        return recorded
    with progress.watch(document_id) as watch:
        while True:
            watch.take()
            async with pool.acquire() as conn:
                row = await db.get(conn, company_id, document_id)
            if deadline_at <= time.monotonic() or settled(IssuanceState.of(row), until):
                return row
            await _worth_a_look(watch, deadline_at, until, progress)


async def _worth_a_look(watch: Watch, deadline_at: float, until: WaitUntil, progress: Progress) -> None:
    """Until a notification whose state may settle the wait (or that carries none), the backstop
    poll, or the deadline."""
    while (left := deadline_at - time.monotonic()) > 0:
        backstop = LISTENING_POLL if progress.listening else POLL
        try:
            await asyncio.wait_for(watch.moved.wait(), min(left, backstop))
        except asyncio.TimeoutError:
            return
        state = watch.take()
        if state is None or settled(notified_state(state), until):
            return


def notified_state(state: dict[str, Any]) -> IssuanceState:
    """The process state a notification carries (db.documents.PROGRESS_STATE), as settled() reads it."""
    return IssuanceState(process_state=state["process_state"], stock_expected=state["stock_expected"],
                         stock_applied_at=APPLIED if state["stock_applied"] else None,
                         sri_submitted=state["sri_submitted"], sri_status=state["sri_status"],
                         render_requested=state["render_requested"], mail_status=state["mail_status"],
                         files={"pdf_path": "notified"} if state["pdf"] else {},
                         mail={"permanent": state["mail_permanent"]})
