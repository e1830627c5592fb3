"""Idempotent consumption: record the message id in the handler's transaction."""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class Claim:
    """The claim of a message whose handler makes it itself, in its first statement (one round trip
    less): a handler that declares an `inbox` parameter gets this instead of a claimed message.

    The handler puts `cte(n)` (parameters `$n`, `$n+1` = `params`) in the WITH of that statement,
    reads `claimed_count` from it, says `made(count > 0)`, and stops at once when it is False."""

    consumer: str
    message_id: UUID
    claimed: bool | None = None  # None: not made yet (the consumer refuses to commit then)

    def cte(self, first: int) -> str:
        return (f"claim AS (INSERT INTO inbox (consumer, message_id) VALUES (${first}, ${first + 1}) "
                "ON CONFLICT DO NOTHING RETURNING 1)")

    @property
    def params(self) -> list:
        return [self.consumer, self.message_id]

    claimed_count = "(SELECT count(*) FROM claim)"

    def made(self, claimed: bool) -> bool:
        self.claimed = claimed
        return claimed

    async def make(self, conn: asyncpg.Connection) -> bool:
        """The claim in a statement of its own (a path of the handler that has no other first statement)."""
        return self.made(await claim(conn, self.consumer, self.message_id))
