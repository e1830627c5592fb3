"""Publishing with confirms. Business code never calls this directly: it goes
through the outbox (`shared.db.outbox`), whose relay calls it."""
from __future__ import annotations

import asyncio
from datetime import datetime
from uuid import UUID

import aio_pika
import aiormq
import orjson
from aio_pika.abc import AbstractChannel

from shared.contracts.envelope import Envelope


def amqp_message(env: Envelope, body: bytes | None = None, headers: dict | None = None) -> aio_pika.Message:
    return aio_pika.Message(
        body=body if body is not None else env.model_dump_json().encode(),
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=str(env.message_id),
        correlation_id=env.correlation_id,
        type=env.type,
        timestamp=env.occurred_at,
        headers={"version": env.version, "company_id": env.company_id,
                 "causation_id": env.causation_id, **(headers or {})},
    )


def stored_properties(body: str) -> tuple[UUID, aiormq.spec.Basic.Properties]:
    """The message id and AMQP properties of a stored envelope (what `amqp_message` sets), read
    from its JSON without validating the whole envelope again: it was valid when written."""
    env = orjson.loads(body)
    return UUID(env["message_id"]), aiormq.spec.Basic.Properties(
        content_type="application/json", delivery_mode=int(aio_pika.DeliveryMode.PERSISTENT),
        message_id=env["message_id"], correlation_id=env.get("correlation_id"), message_type=env["type"],
        timestamp=datetime.fromisoformat(env["occurred_at"]), priority=0,
        headers={"version": env.get("version", 1), "company_id": env.get("company_id"),
                 "causation_id": env.get("causation_id")})


async def publish_raw(channel: AbstractChannel, exchange: str, routing_key: str, body: str,
                      *, mandatory: bool, timeout: float | None = None) -> UUID:
    """Publish a stored envelope; returns when the broker confirmed it (raises otherwise, also
    when a `mandatory` one is unroutable, or not confirmed within `timeout` seconds). Sent
    through aiormq itself, like aio-pika would."""
    message_id, properties = stored_properties(body)
    underlay = await channel.get_underlay_channel()
    await underlay.basic_publish(body.encode(), exchange=exchange or "", routing_key=routing_key,
                                 properties=properties, mandatory=mandatory, timeout=timeout)
    return message_id


async def publish_rows(channel: AbstractChannel, rows, *, timeout: float | None = None) -> list[BaseException | None]:
    """Outbox rows (exchange, routing_key, mandatory, body) published at once with confirms; for
    each row, in order, None when the broker confirmed it or what went wrong."""
    results = await asyncio.gather(*(publish_raw(channel, r["exchange"], r["routing_key"], r["body"],
                                                 mandatory=r["mandatory"], timeout=timeout) for r in rows),
                                   return_exceptions=True)
    return [res if isinstance(res, BaseException) else None for res in results]
