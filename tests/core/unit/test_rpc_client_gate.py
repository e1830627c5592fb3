"""The RpcClient's reply-consumer gate, on a fake robust channel (no broker): nothing is
published unless the reply consumer is attached to the channel open now; a closed channel
fails every pending call at once; a reopened channel gets its consumer back first."""
from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest

from shared.contracts.rpc import RpcRequest
from shared.messaging.rpc_client import REPLY_TO, RpcClient, RpcUnavailable
from shared.runtime.health import pg_amqp_ready

pytestmark = pytest.mark.unit


class Callbacks(list):
    def add(self, fn):
        self.append(fn)


class FakeChannel:
    """What RpcClient uses of an aio-pika robust channel; `log` records the wire."""

    def __init__(self):
        self.log: list[str] = []
        self.close_callbacks, self.reopen_callbacks, self.return_callbacks = Callbacks(), Callbacks(), Callbacks()
        self._channel = None
        self.default_exchange = SimpleNamespace(publish=self._publish)
        self.reopen_amqp()

    @property
    def is_closed(self) -> bool:
        return self._channel is None

    def reopen_amqp(self) -> None:
        self._channel = SimpleNamespace(channel=SimpleNamespace(consumers={}))

    async def get_queue(self, name, ensure=True):
        async def consume(callback, **kwargs):
            self.log.append(f"consume {name} no_ack={kwargs['no_ack']}")
            self._channel.channel.consumers["tag"] = callback
        return SimpleNamespace(consume=consume)

    async def _publish(self, message, routing_key, **kwargs):
        self.log.append(f"publish {routing_key}")

    async def get_underlay_channel(self):
        """What RpcClient publishes on (aiormq's channel: shared.messaging.rpc_client.publish_direct)."""
        async def basic_publish(body, *, routing_key, **kwargs):
            self.log.append(f"publish {routing_key}")
        return SimpleNamespace(basic_publish=basic_publish)

    def close(self, exc) -> None:
        self._channel = None
        for fn in self.close_callbacks:
            fn(self, exc)

    async def reopen(self) -> None:
        self.reopen_amqp()
        for fn in self.reopen_callbacks:
            await fn(self)


async def cancel(task: asyncio.Task) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def started_client() -> tuple[RpcClient, FakeChannel]:
    channel = FakeChannel()
    client = RpcClient(channel, default_timeout=30)  # type: ignore[arg-type]
    await client.start()
    return client, channel


async def test_the_reply_consumer_is_attached_before_the_first_request():
    client, channel = await started_client()
    call = asyncio.create_task(client.call("svc", RpcRequest(method="m")))
    await asyncio.sleep(0)
    assert channel.log == [f"consume {REPLY_TO} no_ack=True", "publish rpc.svc"]
    assert client.attached
    await cancel(call)


async def test_a_lost_channel_fails_pending_calls_at_once_and_later_calls_too():
    client, channel = await started_client()
    calls = [asyncio.create_task(client.call("svc", RpcRequest(method="m"))) for _ in range(3)]
    await asyncio.sleep(0)
    started = time.monotonic()
    channel.close(ConnectionError("broker restart"))
    for call in calls:
        with pytest.raises(RpcUnavailable):
            await call
    assert time.monotonic() - started < 0.5 and client.pending == {}
    assert not client.attached
    with pytest.raises(RpcUnavailable):
        await client.call("svc", RpcRequest(method="m"))
    assert channel.log.count("publish rpc.svc") == 3  # nothing was sent while the channel was closed


async def test_a_reopened_channel_consumes_replies_again_before_any_request():
    client, channel = await started_client()
    channel.close(ConnectionError("broker restart"))
    channel.log.clear()
    await channel.reopen()
    assert client.attached
    call = asyncio.create_task(client.call("svc", RpcRequest(method="m")))
    await asyncio.sleep(0)
    assert channel.log == [f"consume {REPLY_TO} no_ack=True", "publish rpc.svc"]
    await cancel(call)


async def test_a_missed_reopen_heals_on_the_next_call():
    client, channel = await started_client()
    channel.close(ConnectionError("broker restart"))
    channel.reopen_amqp()  # reopened, but the callback never ran
    channel.log.clear()
    call = asyncio.create_task(client.call("svc", RpcRequest(method="m")))
    await asyncio.sleep(0)
    assert channel.log == [f"consume {REPLY_TO} no_ack=True", "publish rpc.svc"]
    await cancel(call)


class FakePool:
    def acquire(self, timeout=None):
        conn = SimpleNamespace(fetchval=lambda _sql: asyncio.sleep(0, 1))

        class Ctx:
            async def __aenter__(self):
                return conn

            async def __aexit__(self, *exc):
                return False
        return Ctx()


async def test_readiness_names_every_part_and_a_reconnecting_broker_is_not_ready():
    amqp = SimpleNamespace(connected=asyncio.Event(), is_closed=False)  # robust: never is_closed while away
    ready = pg_amqp_ready(FakePool(), amqp, rpc_replies=lambda: True, consumers=lambda: False)
    assert await ready() == {"database": True, "broker": False, "rpc_replies": True, "consumers": False}
    amqp.connected.set()
    assert (await ready())["broker"] is True
