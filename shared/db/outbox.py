"""Writing to the transactional outbox, inside the caller's transaction."""
from __future__ import annotations

import asyncpg

from shared.contracts.envelope import Contract, Envelope, routing_key_for

EVENTS_EXCHANGE = "events"
COMMANDS_EXCHANGE = "commands"
NOTIFY_PREFIX = "outbox:"  # + the schema: NOTIFY is per database, and every service shares one


def notify_channel(schema: str) -> str:
    """The channel a schema's outbox writes notify: only that service's relay wakes up."""
    return NOTIFY_PREFIX + schema


class Outbox:
    """Handlers publish through this; nothing leaves before the transaction commits."""

    def __init__(self, conn: asyncpg.Connection, *, causation_id: str | None = None,
                 correlation_id: str | None = None):
        self.conn = conn
        self.causation_id = causation_id
        self.correlation_id = correlation_id

    async def add(self, contract: Contract, *, company_id: int | None,
                  correlation_id: str | None = None) -> Envelope:
        env = Envelope.wrap(contract, company_id=company_id,
                            correlation_id=correlation_id or self.correlation_id,
                            causation_id=self.causation_id)
        command = contract.KIND == "command"
        # one round trip; the notification reaches the relay's LISTEN only when the transaction commits
        await self.conn.execute(
            "WITH row AS (INSERT INTO outbox (message_id, exchange, routing_key, mandatory, body) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING 1) "
            "SELECT pg_notify($6 || current_schema(), '') FROM row",
            env.message_id, COMMANDS_EXCHANGE if command else EVENTS_EXCHANGE,
            routing_key_for(env.type, env.version), command, env.model_dump_json(), NOTIFY_PREFIX)
        return env
