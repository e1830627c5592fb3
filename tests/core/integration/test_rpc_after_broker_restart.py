"""A broker restart, seen by an RpcClient (the gateway's side) and by a worker runtime
(consumer, RPC server, outbox relay, its own RpcClient), on a private broker:

- a call in flight when the connection drops fails at once with RpcUnavailable, not at
  its timeout; calls during the outage fail at once; readiness is false meanwhile;
- after the restart the reply consumer is attached again before any request (no
  `fast reply consumer does not exist`), calls succeed, readiness is true again, and
  the consumer, the RPC server and the relay carry on, with no restart of anything."""
from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest

from shared.contracts import Contract
from shared.contracts.rpc import Identity, RpcRequest
from shared.db.outbox import Outbox
from shared.messaging.connection import confirm_channel, connect
from shared.messaging.rpc import RpcClient, RpcUnavailable
from shared.messaging.topology import EVENTS, QueueSpec
from shared.runtime.runner import ServiceRuntime, ServiceSpec
from shared.settings import BaseServiceSettings
from tests import harness

pytestmark = pytest.mark.integration


class Pinged(Contract):
    TYPE = "tests.pinged"
    n: int


def worker_spec(name: str, received: list[int], held: asyncio.Event, release: asyncio.Event) -> ServiceSpec:
    async def on_pinged(env, *, conn):
        received.append(env.payload["n"])

    async def echo(req, *, conn):
        return {"echo": req.body}

    async def hold(req, *, pool):
        held.set()
        await release.wait()
        return {}

    queue = QueueSpec(f"{name}.on_pinged", ((EVENTS, "tests.pinged.v1"),))
    return ServiceSpec(name=name, rpc={"echo": echo, "hold": hold}, subscriptions=[(queue, on_pinged)])


@pytest.fixture
async def worker(database_url, private_broker):
    """A worker runtime on the private broker, and what its consumer received."""
    received: list[int] = []
    held, release = asyncio.Event(), asyncio.Event()
    name = harness.unique("restartsvc")
    settings = BaseServiceSettings(database_url=database_url, amqp_url=private_broker.url, db_pool_max=4)
    runtime = ServiceRuntime(worker_spec(name, received, held, release), settings)
    await runtime.start()
    yield runtime, received, held, release
    release.set()
    await runtime.stop()
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        await conn.close()


async def ping(runtime: ServiceRuntime, n: int) -> None:
    async with runtime.pool.acquire() as conn, conn.transaction():
        await Outbox(conn).add(Pinged(n=n), company_id=1)


async def test_rpc_consumer_relay_and_readiness_across_a_broker_restart(worker, private_broker):
    runtime, received, held, release = worker
    service, ident = runtime.spec.name, Identity(company_id=1)
    amqp = await connect(private_broker.url, "tests-gateway-side")
    client = RpcClient(await confirm_channel(amqp), default_timeout=5)
    await client.start()
    ready = runtime.readiness()
    try:
        assert (await client.call(service, RpcRequest(method="echo", identity=ident, body=1))).body == {"echo": 1}
        await ping(runtime, 1)
        await harness.eventually(lambda: received == [1], timeout=10)
        assert all((await ready()).values())

        in_flight = asyncio.create_task(client.call(service, RpcRequest(method="hold", identity=ident), timeout=30))
        await asyncio.wait_for(held.wait(), 5)  # the request reached the worker, which holds it
        with private_broker.down():
            started = time.monotonic()
            with pytest.raises(RpcUnavailable):
                await in_flight  # fails when the connection drops, not after its 30 s
            assert time.monotonic() - started < 5
            started = time.monotonic()
            with pytest.raises(RpcUnavailable):
                await client.call(service, RpcRequest(method="echo", identity=ident, body=2))
            assert time.monotonic() - started < 0.5
            assert not client.attached
            await harness.eventually(lambda: none_ready(ready), timeout=5)  # only the database answers
            await ping(runtime, 2)  # the row waits in the outbox
            release.set()

        await harness.eventually(lambda: client.attached, timeout=20)
        reply = await client.call(service, RpcRequest(method="echo", identity=ident, body=3))
        assert reply.body == {"echo": 3}
        await harness.eventually(lambda: all_ready(ready), timeout=20)
        await ping(runtime, 3)
        await harness.eventually(lambda: sorted(set(received)) == [1, 2, 3], timeout=20)
        back = await runtime.rpc_client.call(service, RpcRequest(method="echo", identity=ident, body=4))
        assert back.body == {"echo": 4}  # the worker's own client is attached again too
    finally:
        await amqp.close()


async def all_ready(ready) -> bool:
    return all((await ready()).values())


async def none_ready(ready) -> bool:
    checks = await ready()
    return checks == {**dict.fromkeys(checks, False), "database": True}
