"""Idempotent consumption: record the message id in the handler's transaction."""
from __future__ import annotations

from uuid import UUID

import asyncpg


async def claim(conn: asyncpg.Connection, consumer: str, message_id: UUID) -> bool:
    """True the first time (consumer, message_id) is seen in a committed transaction.

    Must run inside the transaction that applies the message's effect: when the
    effect rolls back, so does the claim, and the redelivery is handled again.
    """
    row = await conn.fetchval(
        "INSERT INTO inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1",
        consumer, message_id)
    return row is not None
