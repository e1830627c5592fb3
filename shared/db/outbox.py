"""Writing to the transactional outbox, inside the caller's transaction.

A row is published by the service's relay (shared/messaging/outbox_relay.py), woken by a NOTIFY
at commit. A committer that publishes its rows itself right after the commit (the message
consumer: publish_held) writes them `held`: the relay leaves them alone for HOLD_SECONDS, and
takes over those the committer could not publish (it crashed, the broker was away).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from uuid import UUID

import asyncpg

from shared.contracts.envelope import Contract, Envelope, routing_key_for

EVENTS_EXCHANGE = "events"
COMMANDS_EXCHANGE = "commands"
NOTIFY_PREFIX = "outbox:"  # + the schema: NOTIFY is per database, and every service shares one
HOLD_SECONDS = 5.0  # how long the relay leaves held rows to their committer
# Rows from five arrays (message_id, exchange, routing_key, mandatory, body) and the seconds before the
# relay may take them, at parameters {0}..{5}; unnest keeps the order: the ids follow the list.
_INSERT_ROWS = ("INSERT INTO outbox (message_id, exchange, routing_key, mandatory, body, next_attempt_at) "
                "SELECT t.m, t.e, t.r, t.a, t.b, now() + make_interval(secs => ${5}) "
                "FROM unnest(${0}::uuid[], ${1}::text[], ${2}::text[], ${3}::boolean[], ${4}::text[]) "
                "AS t (m, e, r, a, b) RETURNING 1")
# Wakes the schema's relay; delivered when the transaction commits, once per commit however often called.
_NOTIFY = "pg_notify('" + NOTIFY_PREFIX + "' || current_schema(), '')"


def notify_channel(schema: str) -> str:
    """The channel a schema's outbox writes notify: only that service's relay wakes up."""
    return NOTIFY_PREFIX + schema


@dataclass(frozen=True)
class Pending:
    """Messages about to be written (envelope, is it a command), for a statement of the caller's own."""

    messages: tuple[tuple[Envelope, bool], ...] = ()
    hold: float = 0.0  # > 0: held for the committer (no NOTIFY)

    @property
    def envelopes(self) -> tuple[Envelope, ...]:
        return tuple(env for env, _ in self.messages)

    def params(self) -> list:
        """The six parameter values of `sql`."""
        rows = self.messages
        return [[env.message_id for env, _ in rows],
                [COMMANDS_EXCHANGE if command else EVENTS_EXCHANGE for _, command in rows],
                [routing_key_for(env.type, env.version) for env, _ in rows],
                [command for _, command in rows],
                [env.model_dump_json() for env, _ in rows], self.hold]

    def sql(self, first: int) -> tuple[str, str | None]:
        """The INSERT (RETURNING a row per message) with its parameters numbered from `first`, and
        an expression over the CTE named `ob` holding it that wakes the relay at commit (None: held)."""
        insert = _INSERT_ROWS.format(*range(first, first + 6))
        return insert, (None if self.hold else f"(SELECT count({_NOTIFY}) FROM ob) >= 0")


class Outbox:
    """Handlers publish through this; nothing leaves before the transaction commits.

    `hold` (seconds): the committer publishes the rows right after the commit (their message
    ids are `held`; it reads them back, so those of a rolled-back savepoint are never sent)."""

    def __init__(self, conn: asyncpg.Connection, *, causation_id: str | None = None,
                 correlation_id: str | None = None, hold: float = 0.0):
        self.conn = conn
        self.causation_id = causation_id
        self.correlation_id = correlation_id
        self.hold = hold
        self.held: list[UUID] = []

    def pending(self, contracts: Sequence[Contract], *, company_id: int | None,
                correlation_id: str | None = None) -> Pending:
        """The messages `add_all` would write, for a caller that writes them in a statement of its own
        (Pending.sql, in this transaction)."""
        pending = Pending(tuple((Envelope.wrap(c, company_id=company_id,
                                               correlation_id=correlation_id or self.correlation_id,
                                               causation_id=self.causation_id), c.KIND == "command")
                                for c in contracts), self.hold)
        if self.hold:
            self.held.extend(env.message_id for env in pending.envelopes)
        return pending

    async def add(self, contract: Contract, *, company_id: int | None,
                  correlation_id: str | None = None) -> Envelope:
        return (await self.add_all([contract], company_id=company_id, correlation_id=correlation_id))[0]

    async def add_all(self, contracts: Sequence[Contract], *, company_id: int | None,
                      correlation_id: str | None = None) -> tuple[Envelope, ...]:
        """Several messages in one round trip, in this order."""
        pending = self.pending(contracts, company_id=company_id, correlation_id=correlation_id)
        if pending.messages:
            insert, wake = pending.sql(1)
            await self.conn.execute(f"WITH ob AS ({insert}) SELECT count(*) FROM ob WHERE {wake or 'true'}",
                                    *pending.params())
        return pending.envelopes
