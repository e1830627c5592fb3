"""Exchanges and queues of the platform, declared in one place.

- `events` (topic): facts, routing key `<owner>.<event>.v<N>`.
- `commands` (direct): requests to one owner, routing key `<owner>.<command>.v<N>`.
- `dlx` (direct): dead letters; each consumer queue `Q` has `Q.dlq` bound with key `Q.dlq`.
- Consumer queues are durable quorum queues with a delivery limit (a message that keeps
  crashing its consumer ends in the DLQ instead of looping).
- Delayed retry: per queue and delay a wait queue `Q.retry.<ms>` with a message TTL that
  dead-letters back into `Q` through the default exchange.
- RPC: queue `rpc.<service>` (classic, durable); requests carry an expiration equal to
  the caller's timeout, so a request nobody answered in time is never run late.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractQueue

EVENTS = "events"
COMMANDS = "commands"
DLX = "dlx"


@dataclass(frozen=True)
class QueueSpec:
    name: str
    bindings: tuple[tuple[str, str], ...]  # (exchange, routing key)
    retry_delays_ms: tuple[int, ...] = (1_000, 5_000, 30_000)
    delivery_limit: int = 10
    extra: dict = field(default_factory=dict)


def rpc_queue(service: str) -> str:
    return f"rpc.{service}"


def retry_queue(queue: str, delay_ms: int) -> str:
    return f"{queue}.retry.{delay_ms}"


async def declare_exchanges(channel: AbstractChannel) -> None:
    await channel.declare_exchange(EVENTS, aio_pika.ExchangeType.TOPIC, durable=True)
    await channel.declare_exchange(COMMANDS, aio_pika.ExchangeType.DIRECT, durable=True)
    await channel.declare_exchange(DLX, aio_pika.ExchangeType.DIRECT, durable=True)


async def declare_queue(channel: AbstractChannel, spec: QueueSpec) -> AbstractQueue:
    await declare_exchanges(channel)
    dlq = await channel.declare_queue(f"{spec.name}.dlq", durable=True, arguments={"x-queue-type": "quorum"})
    await dlq.bind(DLX, routing_key=f"{spec.name}.dlq")
    queue = await channel.declare_queue(spec.name, durable=True, arguments={
        "x-queue-type": "quorum",
        "x-delivery-limit": spec.delivery_limit,
        "x-dead-letter-exchange": DLX,
        "x-dead-letter-routing-key": f"{spec.name}.dlq",
        **spec.extra,
    })
    for exchange, key in spec.bindings:
        await queue.bind(exchange, routing_key=key)
    for delay in spec.retry_delays_ms:
        await channel.declare_queue(retry_queue(spec.name, delay), durable=True, arguments={
            "x-message-ttl": delay,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": spec.name,
        })
    return queue


async def declare_rpc_queue(channel: AbstractChannel, service: str) -> AbstractQueue:
    return await channel.declare_queue(rpc_queue(service), durable=True)
