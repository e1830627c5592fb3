"""The bounded wait of a create/issue call: after the commit, look at the document each
time its timeline grows (progress.py) until the issuance process settled at the configured
step (issuance.settled, WAIT_UNTIL) or the wait ends, and answer with that state.
"""
from __future__ import annotations

import asyncio
import math
import time

from services.documents.db import documents as db
from services.documents.process.issuance import IssuanceState, WaitUntil, settled
from services.documents.process.progress import PROGRESS, Progress
from shared.contracts.rpc import Unprocessable

POLL, LISTENING_POLL = 0.1, 1.0  # seconds between looks without / with the progress listener


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
                   progress: Progress = PROGRESS):
    """The document once settled, or as it is at `deadline_at` (time.monotonic()).

    Woken by the document's progress notifications; polls as a backstop (often when
    the listener is not connected)."""
    with progress.watch(document_id) as moved:
        while True:
            moved.clear()
            async with pool.acquire() as conn:
                row = await db.get(conn, company_id, document_id)
            left = deadline_at - time.monotonic()
            if left <= 0 or settled(IssuanceState.of(row), until):
                return row
            backstop = LISTENING_POLL if progress.listening else POLL
            try:
                await asyncio.wait_for(moved.wait(), min(left, backstop))
            except asyncio.TimeoutError:
                pass
