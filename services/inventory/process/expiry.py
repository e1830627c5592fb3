"""Background task: reservations past their time are marked expired.

They already stopped holding stock at `expires_at` (availability reads
`expires_at > now()`); the sweep makes the status say so. Rows another transaction
is working on are skipped (next round), so replicas can sweep side by side.
"""
from __future__ import annotations

import asyncio
import logging

from services.inventory.db import reservations as db_reservations

log = logging.getLogger(__name__)


async def expire_reservations(*, pool, settings, stopping: asyncio.Event) -> None:
    while not stopping.is_set():
        try:
            async with pool.acquire() as conn:
                expired = await db_reservations.expire_due(conn)
            if expired:
                log.info("reservations expired", extra={"fields": {"count": expired}})
        except Exception:  # the database may be restarting: try again next round
            log.exception("reservation sweep failed")
        try:
            await asyncio.wait_for(stopping.wait(), settings.reservation_sweep_seconds)
        except asyncio.TimeoutError:
            pass
