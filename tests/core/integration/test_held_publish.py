"""Held outbox rows (published by their committer right after the commit) and inbox claims a handler
makes itself — on real RabbitMQ + PostgreSQL."""
from __future__ import annotations

import asyncio

import pytest

from shared.contracts import Contract, Envelope
from shared.db import inbox
from shared.db.outbox import HOLD_SECONDS, Outbox
from shared.messaging.connection import confirm_channel
from shared.messaging.consumer import MessageConsumer
from shared.messaging.held import HeldPublisher
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.publisher import amqp_message
from shared.messaging.subscribe import Subscription
from shared.messaging.topology import EVENTS, QueueSpec, declare_exchanges
from tests import harness

pytestmark = pytest.mark.integration
KEY = "tests.held_happened.v1"


class HeldHappened(Contract):
    TYPE = "tests.held_happened"
    n: int


async def bound_queue(channel):
    await declare_exchanges(channel)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(EVENTS, routing_key=KEY)
    return queue


async def received(queue, timeout: float = 3.0) -> list[int]:
    """The payloads' n that arrive within `timeout` seconds of quiet."""
    got: list[int] = []
    try:
        async with queue.iterator(timeout=timeout) as it:
            async for message in it:
                async with message.process():
                    got.append(Envelope.model_validate_json(message.body).payload["n"])
    except asyncio.TimeoutError:
        pass
    return got


async def pending(pool) -> int:
    return await pool.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL")


async def test_held_rows_are_sent_after_commit_never_those_of_a_rolled_back_savepoint(schema, channel):
    _, pool = schema
    queue = await bound_queue(channel)
    held = HeldPublisher(pool, channel)
    async with pool.acquire() as conn:
        async with conn.transaction():
            outbox = Outbox(conn, hold=HOLD_SECONDS)
            await outbox.add(HeldHappened(n=1), company_id=1)
            with pytest.raises(RuntimeError):
                async with conn.transaction():  # a savepoint rolled back: its message is never sent
                    await outbox.add(HeldHappened(n=2), company_id=1)
                    raise RuntimeError("refused")
            await outbox.add(HeldHappened(n=3), company_id=1)
        assert len(outbox.held) == 3
        assert await held.publish(conn, outbox.held) == 2
    assert sorted(await received(queue)) == [1, 3]
    assert await pending(pool) == 0  # marked with the next read-back, or by the flush soon after
    assert await OutboxRelay(pool, channel).relay_once() == 0


async def test_the_relay_leaves_held_rows_alone_until_the_hold_is_over(schema, channel):
    _, pool = schema
    queue = await bound_queue(channel)
    async with pool.acquire() as conn, conn.transaction():
        await Outbox(conn, hold=0.5).add(HeldHappened(n=4), company_id=1)  # its committer died before publishing
    relay = OutboxRelay(pool, channel)
    assert await relay.relay_once() == 0
    await asyncio.sleep(0.6)
    assert await relay.relay_once() == 1
    assert await received(queue) == [4]


async def test_a_consumer_publishes_what_its_handler_wrote_and_claims_for_a_claiming_handler(schema, amqp):
    _, pool = schema
    pub = await confirm_channel(amqp)
    queue = await bound_queue(pub)
    handled: list[int] = []

    async def handle(env, *, conn, inbox: inbox.Claim, outbox):  # claims in its own first statement
        claimed = await conn.fetchval(f"WITH {inbox.cte(1)} SELECT {inbox.claimed_count}", *inbox.params)
        if inbox.made(claimed > 0):
            handled.append(env.payload["n"])
            await outbox.add(HeldHappened(n=env.payload["n"] * 10), company_id=1)

    name = harness.unique("tests.on_held")
    in_key = f"{name}.thing.v1"
    consumer = MessageConsumer(pool, await confirm_channel(amqp),
                               Subscription(QueueSpec(name, ((EVENTS, in_key),)), handle, None))
    await consumer.start()
    env = Envelope.wrap(HeldHappened(n=5), company_id=1)
    exchange = await pub.get_exchange(EVENTS)
    for _ in range(2):  # the same message twice: handled once
        await exchange.publish(amqp_message(env), routing_key=in_key)
    got = await received(queue)
    await consumer.stop(1)
    assert handled == [5] and got == [50]
    assert await pending(pool) == 0


async def test_a_handler_that_takes_the_claim_and_never_makes_it_is_not_committed(schema, amqp):
    _, pool = schema
    calls: list[int] = []

    async def handle(env, *, conn, inbox: inbox.Claim):
        calls.append(1)  # forgot the claim: the consumer must refuse to commit (retry, then DLQ)

    name = harness.unique("tests.on_unclaimed")
    key = f"{name}.thing.v1"
    consumer = MessageConsumer(pool, await confirm_channel(amqp), Subscription(
        QueueSpec(name, ((EVENTS, key),), retry_delays_ms=(50,)), handle, None))
    await consumer.start()
    pub = await confirm_channel(amqp)
    await (await pub.get_exchange(EVENTS)).publish(amqp_message(Envelope.wrap(HeldHappened(n=1), company_id=1)),
                                                   routing_key=key)
    await harness.eventually(lambda: len(calls) >= 2)
    await consumer.stop(1)
    assert await pool.fetchval("SELECT count(*) FROM inbox WHERE consumer = $1", name) == 0
