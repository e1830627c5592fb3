"""Writing to the transactional outbox, inside the caller's transaction."""
from __future__ import annotations

import asyncpg

from shared.contracts.envelope import Contract, Envelope, routing_key_for

EVENTS_EXCHANGE = "events"
COMMANDS_EXCHANGE = "commands"
NOTIFY_CHANNEL = "outbox"


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
        await self.conn.execute(
            "INSERT INTO outbox (message_id, exchange, routing_key, mandatory, body) VALUES ($1, $2, $3, $4, $5)",
            env.message_id, COMMANDS_EXCHANGE if command else EVENTS_EXCHANGE,
            routing_key_for(env.type, env.version), command, env.model_dump_json())
        # delivered to the relay's LISTEN only when the transaction commits
        await self.conn.execute("SELECT pg_notify($1, '')", NOTIFY_CHANNEL)
        return env
