"""Publishing with confirms. Business code never calls this directly: it goes
through the outbox (`shared.db.outbox`), whose relay calls it."""
from __future__ import annotations

from uuid import UUID

import aio_pika
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


async def publish_raw(channel: AbstractChannel, exchange: str, routing_key: str, body: str,
                      *, mandatory: bool) -> UUID:
    """Publish a stored envelope; returns when the broker confirmed it (raises otherwise)."""
    env = Envelope.model_validate_json(body)
    ex = await channel.get_exchange(exchange, ensure=False) if exchange else channel.default_exchange
    await ex.publish(amqp_message(env, body.encode()), routing_key=routing_key, mandatory=mandatory)
    return env.message_id
