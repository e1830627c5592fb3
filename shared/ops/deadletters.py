"""Reading and replaying the dead letters of a consumer queue `Q` (they wait in `Q.dlq`, see
shared/messaging/topology.py), over AMQP only: no management plugin needed.

- Reading never removes anything: messages are taken with basic.get without an ack and given
  back when the channel closes (a quorum queue counts the return in `x-delivery-count`; a DLQ
  has no delivery limit, so nothing is ever dropped for being read).
- Replay publishes a copy to `Q` itself (default exchange, routing key `Q`: the path the
  consumer's own delayed retries take), with publisher confirms, and only then acks the dead
  letter. The copy keeps the body, the message id and every property and header (the inbox
  dedupes by message id, so a message that was in fact handled is not handled twice), but
  for `x-attempt` (the retry count starts again) and `x-delivery-count`; `x-replays` counts the
  replays. Only Q's consumer gets it again: publishing to the original exchange would hand
  it to every consumer of the event once more.
- Discard acks a dead letter without a copy: for a message no consumer will ever handle (the
  command prints it in full first, as the record of what was dropped).
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, AsyncIterator

import aio_pika
import orjson
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractIncomingMessage

DROPPED_HEADERS = ("x-attempt", "x-delivery-count")


def consumer_queue(name: str) -> str:
    """`documents.on_x` for `documents.on_x` or `documents.on_x.dlq`."""
    return name.removesuffix(".dlq")


def dlq_of(queue: str) -> str:
    return f"{consumer_queue(queue)}.dlq"


@dataclass(frozen=True)
class DeadLetter:
    queue: str  # the consumer queue it was dead-lettered from
    message_id: str | None
    type: str | None
    correlation_id: str | None
    timestamp: datetime | None
    content_type: str | None
    headers: dict[str, Any] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def of(cls, queue: str, message: AbstractIncomingMessage) -> DeadLetter:
        return cls(consumer_queue(queue), message.message_id, message.type, message.correlation_id,
                   message.timestamp, message.content_type, dict(message.headers or {}), message.body)

    @property
    def death(self) -> dict[str, Any]:
        """The latest x-death entry (queue, reason, exchange, routing-keys, count, time); {} if none."""
        deaths = self.headers.get("x-death") or []
        return dict(deaths[0]) if deaths else {}

    @property
    def reason(self) -> str:
        """rejected (the consumer gave up: retries used up, or not a valid message), delivery_limit
        (it kept crashing its consumer), expired, maxlen."""
        return str(self.death.get("reason") or self.headers.get("x-first-death-reason") or "?")

    @property
    def died_at(self) -> datetime | None:
        return self.death.get("time")

    @property
    def attempts(self) -> int:
        """Delayed retries made before it was dead-lettered."""
        return int(self.headers.get("x-attempt") or 0)

    def json(self) -> Any:
        """The body as JSON (the envelope), or None when it is not JSON."""
        try:
            return orjson.loads(self.body)
        except orjson.JSONDecodeError:
            return None

    def replay_message(self, original: AbstractIncomingMessage) -> aio_pika.Message:
        headers = {k: v for k, v in self.headers.items() if k not in DROPPED_HEADERS}
        headers["x-replays"] = int(headers.get("x-replays") or 0) + 1
        return aio_pika.Message(
            body=self.body, headers=headers, content_type=original.content_type,
            content_encoding=original.content_encoding, delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            priority=original.priority, correlation_id=original.correlation_id, message_id=original.message_id,
            timestamp=original.timestamp, type=original.type, app_id=original.app_id)


async def count(channel: AbstractChannel, queue: str) -> int | None:
    """Messages in `queue`'s DLQ; None when it does not exist (that closes `channel`)."""
    underlay = await channel.get_underlay_channel()
    try:
        return (await underlay.queue_declare(dlq_of(queue), passive=True)).message_count
    except aio_pika.exceptions.ChannelClosed:
        return None


async def counts(connection: AbstractConnection, queues: list[str]) -> dict[str, int | None]:
    """Dead letters per consumer queue (None: no such DLQ), in the order given."""
    out: dict[str, int | None] = {}
    channel = await connection.channel()
    try:
        for queue in queues:
            if channel.is_closed:
                channel = await connection.channel()
            out[consumer_queue(queue)] = await count(channel, queue)
    finally:
        if not channel.is_closed:
            await channel.close()
    return out


@asynccontextmanager
async def taken(connection: AbstractConnection, queue: str,
                limit: int | None = None) -> AsyncIterator[tuple[AbstractChannel, list[AbstractIncomingMessage]]]:
    """The DLQ's messages (at most `limit`), taken unacked on a channel of their own; whatever is not
    acked inside the block goes back to the DLQ when it ends, and is back before this returns (so the
    next command sees it)."""
    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    messages: list[AbstractIncomingMessage] = []
    try:
        dlq = await channel.declare_queue(dlq_of(queue), passive=True)
        total = dlq.declaration_result.message_count
        wanted = total if limit is None else min(limit, total)
        while len(messages) < wanted:  # bounded by the count at the start: replays never loop
            message = await dlq.get(no_ack=False, fail=False)
            if message is None:
                break
            messages.append(message)
        yield channel, messages
        await _give_back(channel, dlq_of(queue), messages, total)
    finally:
        if not channel.is_closed:
            await channel.close()


async def _give_back(channel: AbstractChannel, dlq: str, messages: list[AbstractIncomingMessage], total: int) -> None:
    """Return the unsettled messages and wait (2 s at most) until the DLQ counts them again: a quorum
    queue applies returns a moment after they are sent."""
    expected = total - sum(1 for m in messages if m.processed)  # those settled (acked) inside the block left
    for message in messages:
        if not message.processed:
            await message.nack(requeue=True)
    underlay = await channel.get_underlay_channel()
    for _ in range(40):
        if (await underlay.queue_declare(dlq, passive=True)).message_count >= expected:
            return
        await asyncio.sleep(0.05)


async def peek(connection: AbstractConnection, queue: str, limit: int | None = None) -> list[DeadLetter]:
    async with taken(connection, queue, limit) as (_channel, messages):
        return [DeadLetter.of(queue, m) for m in messages]


async def _settle(connection: AbstractConnection, queue: str, message_ids: set[str] | None, act) -> list[DeadLetter]:
    """`act(channel, letter, message)` on each dead letter with one of these message ids (None: all), then
    its ack in the DLQ; the others go back untouched. The ones settled, in DLQ order."""
    done: list[DeadLetter] = []
    async with taken(connection, queue) as (channel, messages):
        for message in messages:
            if message_ids is None or message.message_id in message_ids:
                letter = DeadLetter.of(queue, message)
                await act(channel, letter, message)
                await message.ack()
                done.append(letter)
    return done


async def replay(connection: AbstractConnection, queue: str, message_ids: set[str] | None) -> list[DeadLetter]:
    """Send these dead letters back to their queue; each leaves the DLQ once the broker confirmed its copy."""
    async def publish(channel: AbstractChannel, letter: DeadLetter, message: AbstractIncomingMessage) -> None:
        await channel.default_exchange.publish(letter.replay_message(message), routing_key=letter.queue,
                                               mandatory=True)
    return await _settle(connection, queue, message_ids, publish)


async def discard(connection: AbstractConnection, queue: str, message_ids: set[str] | None) -> list[DeadLetter]:
    """Drop these dead letters for good (a message no consumer will ever handle); the caller keeps a record."""
    async def keep_nothing(*_args) -> None:
        return None
    return await _settle(connection, queue, message_ids, keep_nothing)
