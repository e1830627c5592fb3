"""Outbox relay, idempotent consumer, retries and DLQ, RPC — on real RabbitMQ + PostgreSQL."""
from __future__ import annotations

import asyncio

import pytest

from shared.contracts import Contract, Envelope
from shared.contracts.rpc import Identity, NotFound, RpcReply, RpcRequest
from shared.db.outbox import Outbox
from shared.messaging.consumer import MessageConsumer
from shared.messaging.subscribe import Subscription
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.publisher import amqp_message
from shared.messaging.rpc import RpcClient, RpcServer, RpcTimeout, RpcUnavailable
from shared.messaging.topology import EVENTS, QueueSpec, declare_exchanges
from tests import harness

pytestmark = pytest.mark.integration


class ThingHappened(Contract):
    TYPE = "tests.thing_happened"
    n: int


async def bound_queue(channel, key: str):
    await declare_exchanges(channel)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(EVENTS, routing_key=key)
    return queue


async def drain(queue, count: int, timeout: float = 10) -> list[Envelope]:
    got: list[Envelope] = []
    async with queue.iterator(timeout=timeout) as it:
        async for message in it:
            async with message.process():
                got.append(Envelope.model_validate_json(message.body))
            if len(got) >= count:
                break
    return got


async def test_outbox_publishes_committed_rows_only(schema, channel):
    _, pool = schema
    key = "tests.thing_happened.v1"
    queue = await bound_queue(channel, key)
    async with pool.acquire() as conn:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                await Outbox(conn).add(ThingHappened(n=-1), company_id=1)
                raise RuntimeError("business rule failed")
        async with conn.transaction():
            for n in range(3):
                await Outbox(conn, correlation_id="doc-9").add(ThingHappened(n=n), company_id=1)
    relay = OutboxRelay(pool, channel)
    assert await relay.relay_once() == 3
    assert await relay.relay_once() == 0
    got = await drain(queue, 3)
    assert sorted(e.payload["n"] for e in got) == [0, 1, 2]
    assert {e.correlation_id for e in got} == {"doc-9"}


async def test_two_relays_never_publish_a_row_twice(schema, amqp):
    _, pool = schema
    from shared.messaging.connection import confirm_channel
    channel = await confirm_channel(amqp)
    queue = await bound_queue(channel, "tests.thing_happened.v1")
    async with pool.acquire() as conn, conn.transaction():
        for n in range(300):
            await Outbox(conn).add(ThingHappened(n=n), company_id=1)
    relays = [OutboxRelay(pool, await confirm_channel(amqp), batch=20) for _ in range(2)]

    async def run(relay):
        total = 0
        while (sent := await relay.relay_once()):
            total += sent
        return total
    counts = await asyncio.gather(*(run(r) for r in relays))
    assert sum(counts) == 300
    got = await drain(queue, 300)
    assert sorted(e.payload["n"] for e in got) == list(range(300))


async def publish(channel, env: Envelope, key: str) -> None:
    exchange = await channel.get_exchange(EVENTS)
    await exchange.publish(amqp_message(env), routing_key=key)


async def test_consumer_applies_a_redelivered_message_once(schema, amqp):
    _, pool = schema
    from shared.messaging.connection import confirm_channel
    seen: list[int] = []

    async def handle(env, *, conn, outbox):
        await conn.execute("SELECT 1")
        seen.append(env.payload["n"])

    name = harness.unique("tests.on_thing")
    key = f"{name}.thing.v1"
    consumer = MessageConsumer(pool, await confirm_channel(amqp), Subscription(QueueSpec(name, ((EVENTS, key),)), handle, None))
    await consumer.start()
    pub = await confirm_channel(amqp)
    env = Envelope.wrap(ThingHappened(n=7), company_id=1)
    for _ in range(3):
        await publish(pub, env, key)
    await publish(pub, Envelope.wrap(ThingHappened(n=8), company_id=1), key)
    await harness.eventually(lambda: len(seen) >= 2)
    await asyncio.sleep(0.3)
    await consumer.stop(1)
    assert sorted(seen) == [7, 8]


async def test_failing_handler_is_retried_then_dead_lettered(schema, amqp):
    _, pool = schema
    from shared.messaging.connection import confirm_channel
    attempts: list[int] = []

    async def handle(env, *, conn):
        attempts.append(env.payload["n"])
        if len(attempts) < 3 or env.payload["n"] == 99:
            raise RuntimeError("transient")

    name = harness.unique("tests.on_flaky")
    key = f"{name}.thing.v1"
    spec = QueueSpec(name, ((EVENTS, key),), retry_delays_ms=(100, 200))
    channel = await confirm_channel(amqp)
    consumer = MessageConsumer(pool, channel, Subscription(spec, handle, None))
    await consumer.start()
    pub = await confirm_channel(amqp)
    await publish(pub, Envelope.wrap(ThingHappened(n=1), company_id=1), key)
    await harness.eventually(lambda: len(attempts) == 3)  # failed twice, succeeded on the third
    await publish(pub, Envelope.wrap(ThingHappened(n=99), company_id=1), key)
    dlq = await channel.declare_queue(f"{name}.dlq", durable=True, arguments={"x-queue-type": "quorum"})
    message = await harness.eventually(lambda: dlq.get(fail=False), timeout=10)
    assert Envelope.model_validate_json(message.body).payload["n"] == 99
    await message.ack()
    assert attempts.count(99) == 3  # first try + two delayed retries
    await consumer.stop(1)


async def test_rpc_round_trip_errors_timeout_and_unavailable(schema, amqp):
    _, pool = schema
    from shared.messaging.connection import confirm_channel

    async def echo(req, *, conn):
        if req.path_params.get("id") == "404":
            raise NotFound()
        return {"company": req.identity.company_id, "body": req.body, "db": await conn.fetchval("SELECT 1")}

    async def create(req):
        return RpcReply(status=201, body={"id": 1})

    service = harness.unique("svc")
    server = RpcServer(pool, await confirm_channel(amqp), service, {"echo": echo, "create": create})
    await server.start()
    client = RpcClient(await confirm_channel(amqp), default_timeout=2)
    await client.start()
    ident = Identity(company_id=3)
    reply = await client.call(service, RpcRequest(method="echo", identity=ident, body={"a": 1}))
    assert (reply.status, reply.body) == (200, {"company": 3, "body": {"a": 1}, "db": 1})
    assert (await client.call(service, RpcRequest(method="create", identity=ident))).status == 201
    missing = await client.call(service, RpcRequest(method="echo", identity=ident, path_params={"id": "404"}))
    assert (missing.status, missing.body) == (404, {"message": "Recurso no encontrado."})
    assert (await client.call(service, RpcRequest(method="nope", identity=ident))).status == 404
    results = await asyncio.gather(*(client.call(service, RpcRequest(method="echo", identity=ident, body=i))
                                     for i in range(50)))
    assert [r.body["body"] for r in results] == list(range(50))
    await server.stop(1)  # queue exists, nobody consumes: the caller times out
    with pytest.raises(RpcTimeout):
        await client.call(service, RpcRequest(method="echo", identity=ident), timeout=0.5)
    with pytest.raises(RpcUnavailable):
        await client.call(harness.unique("nobody"), RpcRequest(method="echo", identity=ident), timeout=1)


class OrphanCommand(Contract):
    TYPE = "tests.orphan_command"
    KIND = "command"
    n: int


async def test_an_unroutable_command_waits_without_blocking_the_batch(schema, channel):
    from shared.messaging.outbox_relay import RelayIncomplete
    _, pool = schema
    queue = await bound_queue(channel, "tests.thing_happened.v1")
    async with pool.acquire() as conn, conn.transaction():
        await Outbox(conn).add(OrphanCommand(n=1), company_id=1)
        await Outbox(conn).add(ThingHappened(n=2), company_id=1)
    relay = OutboxRelay(pool, channel)
    with pytest.raises(RelayIncomplete):
        await relay.relay_once()
    assert [e.payload["n"] for e in await drain(queue, 1)] == [2]
    async with pool.acquire() as conn:
        pending = await conn.fetch("SELECT routing_key, attempts, next_attempt_at > now() AS later "
                                   "FROM outbox WHERE published_at IS NULL")
    assert [tuple(r) for r in pending] == [("tests.orphan_command.v1", 1, True)]
    assert await relay.relay_once() == 0  # not due yet: newer rows are not held back


async def test_a_refused_row_does_not_pause_the_relay_for_new_rows(schema, channel):
    """After a refusal the running relay still wakes on the next row's notification
    (idle polling is 30 s here, so only the wake-up can deliver it in time)."""
    _, pool = schema
    queue = await bound_queue(channel, "tests.thing_happened.v1")
    relay = OutboxRelay(pool, channel, idle_seconds=30, max_backoff=30)
    task = asyncio.create_task(relay.run())
    try:
        for n in range(6):  # six refusals in a row (a relay-wide back-off would now be seconds long)
            async with pool.acquire() as conn, conn.transaction():
                await Outbox(conn).add(OrphanCommand(n=n), company_id=1)
            async with pool.acquire() as conn:
                await harness.eventually(lambda: conn.fetchval(
                    "SELECT count(*) = 0 FROM outbox WHERE published_at IS NULL AND attempts = 0"), timeout=15)
        async with pool.acquire() as conn, conn.transaction():
            await Outbox(conn).add(ThingHappened(n=3), company_id=1)
        assert [e.payload["n"] for e in await drain(queue, 1, timeout=3)] == [3]
    finally:
        relay.stop()
        await asyncio.wait_for(task, 5)


async def test_rpc_handler_taking_pool_manages_its_own_transactions(schema, amqp):
    _, pool = schema
    from shared.messaging.connection import confirm_channel

    async def commit_then_wait(req, *, pool):
        async with pool.acquire() as conn:
            in_tx = conn.is_in_transaction()
            async with conn.transaction():
                await Outbox(conn).add(ThingHappened(n=1), company_id=1)
        async with pool.acquire() as conn:  # visible from another connection: committed
            return {"in_tx": in_tx, "rows": await conn.fetchval("SELECT count(*) FROM outbox")}

    service = harness.unique("svc")
    server = RpcServer(pool, await confirm_channel(amqp), service, {"go": commit_then_wait}, {"pool": pool})
    await server.start()
    client = RpcClient(await confirm_channel(amqp))
    await client.start()
    reply = await client.call(service, RpcRequest(method="go", identity=Identity(company_id=1)))
    assert reply.body == {"in_tx": False, "rows": 1}
    await server.stop(1)
