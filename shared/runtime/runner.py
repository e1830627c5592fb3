"""Runs one worker service: migrations, pool, broker, outbox relay, consumers,
RPC server, side HTTP port; graceful shutdown on SIGTERM/SIGINT.

Shutdown order: stop taking messages (basic.cancel), let in-flight handlers
finish (bounded by SHUTDOWN_GRACE_SECONDS), stop the relay, close broker and pool.
Unacked messages of a killed worker are redelivered by the broker.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.messaging.connection import confirm_channel, connect, plain_channel
from shared.messaging.consumer import Handler, MessageConsumer
from shared.messaging.subscribe import Subscription, as_subscription
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.rpc import RpcClient, RpcServer
from shared.messaging.topology import QueueSpec, declare_exchanges, declare_queue
from shared.observability.logging import setup_logging
from shared.observability.probes import QueueDepths, register
from shared.runtime.health import pg_amqp_ready, start_side_port
from shared.runtime.loop import run as run_loop
from shared.settings import BaseServiceSettings, load_settings

log = logging.getLogger(__name__)
Background = Callable[..., Awaitable[Any]]


@dataclass
class ServiceSpec:
    name: str
    migrations: Path | None = None
    rpc: dict[str, Handler] = field(default_factory=dict)
    long_running: frozenset[str] = frozenset()  # RPC methods that wait (acked on arrival, see rpc.py)
    # handlers whose first parameter's annotation is the contract they consume (subscribe.py)
    subscriptions: list[Handler | Subscription | tuple[QueueSpec, Handler]] = field(default_factory=list)
    background: list[Background] = field(default_factory=list)  # async def task(*, pool, rpc, settings)
    schema: str | None = None

    @property
    def db_schema(self) -> str:
        return self.schema or self.name

    def consumed(self) -> list[Subscription]:
        """The queue, binding and contract of every subscription (checked at start)."""
        return [as_subscription(self.name, item) for item in self.subscriptions]


class ServiceRuntime:
    def __init__(self, spec: ServiceSpec, settings: BaseServiceSettings):
        self.spec, self.settings = spec, settings
        self.stopping = asyncio.Event()
        self.workers: list[MessageConsumer | RpcServer] = []
        self.tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        s, spec = self.settings, self.spec
        await apply_migrations(s.database_url, spec.db_schema, spec.migrations)
        self.pool = await create_pool(s.database_url, spec.db_schema, min_size=s.db_pool_min,
                                      max_size=s.db_pool_max, application_name=spec.name)
        self.amqp = await connect(s.amqp_url, spec.name)
        publish_channel = await confirm_channel(self.amqp)
        await declare_exchanges(publish_channel)
        self.rpc_client = RpcClient(await confirm_channel(self.amqp), s.rpc_timeout_seconds)
        await self.rpc_client.start()
        self.deps = {"rpc": self.rpc_client, "settings": s, "pool": self.pool}
        self.relay = OutboxRelay(self.pool, publish_channel)
        self.deps["relay"] = self.relay  # publishes what a handler that takes only `pool` committed
        self.tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        for sub in spec.consumed():
            self.workers.append(MessageConsumer(self.pool, await self._channel(), sub, self.deps))
        if spec.rpc:
            self.workers.append(RpcServer(self.pool, await self._channel(confirms=False), spec.name, spec.rpc,
                                          self.deps, long_running=spec.long_running))
        for worker in self.workers:
            await worker.start()
        self.depths = register(QueueDepths(self.amqp, [sub.queue.name for sub in spec.consumed()]))
        for bg in spec.background:
            self.tasks.append(asyncio.create_task(bg(**self._bg_deps(bg)), name=bg.__name__))
        self.side = await start_side_port(self.readiness(), s.http_host, s.http_port)
        log.info("service started", extra={"fields": {"port": s.http_port}})

    def readiness(self):
        """/readyz: database, broker, the RPC reply consumer, the outbox publisher, every
        consumer and the RPC server."""
        consumers = [w for w in self.workers if isinstance(w, MessageConsumer)]
        servers = [w for w in self.workers if isinstance(w, RpcServer)]
        return pg_amqp_ready(self.pool, self.amqp, rpc_replies=lambda: self.rpc_client.attached,
                             publisher=lambda: self.relay.attached,
                             consumers=lambda: all(w.attached for w in consumers),
                             rpc_server=lambda: all(w.attached for w in servers))

    def _bg_deps(self, fn: Background) -> dict[str, Any]:
        import inspect
        wanted = inspect.signature(fn).parameters
        return {k: v for k, v in {**self.deps, "stopping": self.stopping}.items() if k in wanted}

    async def _channel(self, confirms: bool = True):
        channel = await (confirm_channel if confirms else plain_channel)(self.amqp)
        await channel.set_qos(prefetch_count=self.settings.prefetch)
        return channel

    async def stop(self) -> None:
        grace = self.settings.shutdown_grace_seconds
        self.stopping.set()
        await asyncio.gather(*(w.stop(grace) for w in self.workers), return_exceptions=True)
        self.relay.stop()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.side.cleanup()
        await self.amqp.close()
        await self.pool.close()
        log.info("service stopped")


async def declare_topology(spec: ServiceSpec, amqp_url: str) -> int:
    """Declare the service's consumer queues and bindings (idempotent), as part of `migrate`.

    Events are published to a topic exchange: one sent before its consumer's queue exists
    would reach no queue. Declaring every queue at deploy time (before any service runs)
    means the first events of a fresh installation are kept for consumers not started yet.
    """
    amqp = await connect(amqp_url, f"{spec.name}-migrate")
    try:
        channel = await amqp.channel()
        await declare_exchanges(channel)
        consumed = spec.consumed()
        for sub in consumed:
            await declare_queue(channel, sub.queue)
        return len(consumed)
    finally:
        await amqp.close()


async def serve(spec: ServiceSpec, settings: BaseServiceSettings) -> None:
    runtime = ServiceRuntime(spec, settings)
    await runtime.start()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, runtime.stopping.set)
    await runtime.stopping.wait()
    await runtime.stop()


def main(spec: ServiceSpec, settings_cls: type[BaseServiceSettings]) -> None:
    """Entry point of `python -m services.<name> [migrate | dlq ...]`."""
    settings = load_settings(settings_cls)
    setup_logging(spec.name, settings.log_level)
    if sys.argv[1:2] == ["dlq"]:  # list, inspect, replay the dead letters of its queues (shared/ops/dlq.py)
        from shared.ops.dlq import main as dlq
        sys.exit(dlq([sub.queue.name for sub in spec.consumed()], settings.amqp_url, sys.argv[2:]))
    if sys.argv[1:2] == ["migrate"]:
        applied = asyncio.run(apply_migrations(settings.database_url, spec.db_schema, spec.migrations))
        print(f"{spec.name}: {len(applied)} migration(s) applied")
        if "--no-broker" not in sys.argv[2:]:
            queues = asyncio.run(declare_topology(spec, settings.amqp_url))
            print(f"{spec.name}: {queues} queue(s) declared")
        return
    run_loop(serve(spec, settings))
