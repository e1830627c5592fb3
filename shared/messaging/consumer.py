"""Consuming events and commands: one transaction per message, inbox, then ack.

The messages a handler writes to the outbox are held for this consumer, which publishes
them right after the commit (outbox_relay.publish_held), before the ack; the relay sends
any it could not once their hold is over.

The handler gets the payload already validated into its contract (see subscribe.py)
and the dependencies it names, plus `envelope` and `company_id` when it asks for them.
On a handler error the message goes to a delayed-retry wait queue (attempt header +1)
and, once the delays are used up, to the queue's DLQ. A message that is not a valid
envelope, or whose payload does not fit the contract, goes straight to the DLQ.
"""
from __future__ import annotations

import logging
import time
from typing import Any

import aio_pika
import asyncpg
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue
from pydantic import ValidationError

from shared.contracts.envelope import Envelope
from shared.db import inbox
from shared.db.outbox import HOLD_SECONDS, Outbox
from shared.messaging.inject import call_with, wanted
from shared.messaging.held import publish_held
from shared.messaging.subscribe import Handler, Subscription
from shared.messaging.topology import declare_queue, retry_queue
from shared.messaging.worker import QueueWorker
from shared.observability import context
from shared.observability.metrics import HANDLER_SECONDS, MESSAGES

log = logging.getLogger(__name__)
__all__ = ["Handler", "MessageConsumer"]


class MessageConsumer(QueueWorker):
    def __init__(self, pool: asyncpg.Pool, channel: AbstractChannel, subscription: Subscription,
                 deps: dict[str, Any] | None = None):
        super().__init__()
        self.pool, self.channel, self.subscription = pool, channel, subscription
        self.spec, self.handler = subscription.queue, subscription.handler
        self.deps = deps or {}

    async def declare(self) -> AbstractQueue:
        return await declare_queue(self.channel, self.spec)

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        name = self.spec.name
        try:
            env = Envelope.model_validate_json(message.body)
            msg = self.subscription.parse(env)
        except (ValidationError, LookupError, KeyError):
            log.error("not a valid message for this queue, dead-lettered", extra={"fields": {"queue": name}})
            MESSAGES.labels(name, "invalid").inc()
            await message.reject(requeue=False)
            return
        context.correlation_id.set(env.correlation_id)
        started = time.perf_counter()
        try:
            async with self.pool.acquire() as conn:
                async with conn.transaction():
                    outbox = await self._run_once(conn, env, msg)
                if outbox is not None and outbox.held:  # committed: sent now, not at the relay's next pass
                    await self._publish_held(conn, outbox.held)
            outcome = "ok" if outbox is not None else "duplicate"
        except Exception:
            log.exception("handler failed", extra={"fields": {"queue": name, "type": env.type}})
            await self._retry_or_dead_letter(message)
            return
        HANDLER_SECONDS.labels(name).observe(time.perf_counter() - started)
        MESSAGES.labels(name, outcome).inc()
        await message.ack()

    async def _publish_held(self, conn, message_ids) -> None:
        relay = self.deps.get("relay")  # the service's relay batches the marks (held.py)
        if relay is not None:
            await relay.publish_held(conn, message_ids)
        else:
            await publish_held(self.channel, conn, message_ids)

    async def _run_once(self, conn, env: Envelope, msg) -> Outbox | None:
        """The handler, in the caller's transaction, unless the inbox has the message (None then).
        A handler that declares `inbox` makes the claim itself (shared/db/inbox.Claim)."""
        outbox = Outbox(conn, causation_id=str(env.message_id), correlation_id=env.correlation_id, hold=HOLD_SECONDS)
        deps = {**self.deps, "conn": conn, "outbox": outbox, "envelope": env, "company_id": env.company_id}
        if "inbox" in wanted(self.handler):
            claim = deps["inbox"] = inbox.Claim(self.spec.name, env.message_id)
            await call_with(self.handler, msg, deps)
            if claim.claimed is None:
                raise RuntimeError(f"{self.handler.__qualname__} took the inbox claim and never made it")
            return outbox if claim.claimed else None
        if not await inbox.claim(conn, self.spec.name, env.message_id):
            return None
        await call_with(self.handler, msg, deps)
        return outbox

    async def _retry_or_dead_letter(self, message: AbstractIncomingMessage) -> None:
        attempt = int((message.headers or {}).get("x-attempt", 0) or 0)
        delays = self.spec.retry_delays_ms
        if attempt >= len(delays):
            MESSAGES.labels(self.spec.name, "dead_lettered").inc()
            await message.reject(requeue=False)
            return
        retry = aio_pika.Message(
            body=message.body, content_type=message.content_type, delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=message.message_id, correlation_id=message.correlation_id, type=message.type,
            headers={**(message.headers or {}), "x-attempt": attempt + 1})
        await self.channel.default_exchange.publish(retry, routing_key=retry_queue(self.spec.name, delays[attempt]),
                                                    mandatory=True)
        MESSAGES.labels(self.spec.name, "retried").inc()
        await message.ack()
