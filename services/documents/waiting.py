"""The bounded wait of a create/issue call: after the commit, look at the document each
time its timeline grows (progress.py) until the flow reached the configured step (or
the wait ends) and answer with that state.

Steps (WAIT_UNTIL): `numbered` = numbered and, when it moves stock, stock applied;
`sri` = also a final SRI answer (when it was sent to the SRI); `mail` = also mailed.
A document whose flow stopped (draft, failed, cancelled) is settled at once.
"""
from __future__ import annotations

import asyncio
import math
import time
from typing import Any, Mapping

from services.documents import db_documents as db
from services.documents.progress import PROGRESS, Progress
from shared.rpc.params import query_str
from shared.contracts.rpc import RpcRequest, Unprocessable

SRI_FINAL = {"authorized", "rejected", "error"}
POLL, LISTENING_POLL = 0.1, 1.0  # seconds between looks without / with the progress listener


def requested_wait(req: RpcRequest, default: float, maximum: float) -> float:
    """`?wait=` seconds (0 returns at once), capped at the configured maximum."""
    raw = query_str(req, "wait")
    if raw is None:
        return min(default, maximum)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or value < 0:
        raise Unprocessable({"wait": ["El campo wait debe ser un número de segundos mayor o igual que 0."]})
    return min(value, maximum)


def settled(row: Mapping[str, Any], until: str) -> bool:
    if row["process_state"] in ("draft", "failed", "cancelled"):
        return True
    if row["process_state"] != "numbered":
        return False
    if row["stock_expected"] and row["stock_applied_at"] is None:
        return False
    if until == "numbered" or not row["sri_submitted"]:
        return True
    if row["sri_status"] not in SRI_FINAL:
        return False
    return until == "sri" or row["sri_status"] != "authorized" or row["mail_status"] != "pending"


async def wait_for(pool, company_id: int, document_id: int, deadline: float, until: str,
                   progress: Progress = PROGRESS):
    """The document once settled, or as it is at `deadline` (time.monotonic()).

    Woken by the document's progress notifications; polls as a backstop (often when
    the listener is not connected)."""
    with progress.watch(document_id) as moved:
        while True:
            moved.clear()
            async with pool.acquire() as conn:
                row = await db.get(conn, company_id, document_id)
            left = deadline - time.monotonic()
            if left <= 0 or settled(row, until):
                return row
            backstop = LISTENING_POLL if progress.listening else POLL
            try:
                await asyncio.wait_for(moved.wait(), min(left, backstop))
            except asyncio.TimeoutError:
                pass
