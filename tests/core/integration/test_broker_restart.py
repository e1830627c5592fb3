"""The outbox relay and consumers survive a broker restart (on a private broker,
so the restart does not disturb the rest of the suite)."""
from __future__ import annotations

import asyncio

import pytest

from shared.contracts import Contract
from shared.db.outbox import Outbox
from shared.messaging.connection import confirm_channel, connect
from shared.messaging.consumer import MessageConsumer
from shared.messaging.subscribe import Subscription
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.topology import EVENTS, QueueSpec
from tests import harness

pytestmark = pytest.mark.integration


class Ticked(Contract):
    TYPE = "tests.ticked"
    n: int


async def test_relay_and_consumer_resume_after_broker_restart(schema, private_broker):
    url = private_broker.url
    _, pool = schema
    received: list[int] = []

    async def handle(env, *, conn):
        received.append(env.payload["n"])

    amqp = await connect(url, "tests-restart")
    consumer = MessageConsumer(pool, await confirm_channel(amqp), Subscription(QueueSpec("tests.on_ticked", ((EVENTS, "tests.ticked.v1"),)), handle, None))
    await consumer.start()
    relay = OutboxRelay(pool, await confirm_channel(amqp), idle_seconds=0.2, max_backoff=1)
    task = asyncio.create_task(relay.run())

    async def write(numbers):
        async with pool.acquire() as conn, conn.transaction():
            for n in numbers:
                await Outbox(conn).add(Ticked(n=n), company_id=1)

    await write(range(0, 5))
    await harness.eventually(lambda: len(received) >= 5, timeout=10)
    private_broker.stop_app()
    await write(range(5, 10))  # the broker is down: the rows wait in the outbox
    await asyncio.sleep(1)
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 5
    private_broker.start_app()
    await harness.eventually(lambda: len(set(received)) >= 10, timeout=40)
    relay.stop()
    await asyncio.wait_for(task, 5)
    await consumer.stop(1)
    await amqp.close()
    assert sorted(set(received)) == list(range(10))
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
