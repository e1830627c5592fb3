"""Robust AMQP connection and the channels the platform uses."""
from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractRobustChannel, AbstractRobustConnection


async def connect(url: str, name: str) -> AbstractRobustConnection:
    """Reconnects by itself after a broker restart; consumers are restored."""
    return await aio_pika.connect_robust(url, client_properties={"connection_name": name})


async def confirm_channel(conn: AbstractRobustConnection) -> AbstractRobustChannel:
    """A channel with publisher confirms; an unroutable `mandatory` publish raises."""
    return await conn.channel(publisher_confirms=True, on_return_raises=True)  # type: ignore[return-value]


async def plain_channel(conn: AbstractRobustConnection) -> AbstractRobustChannel:
    """A channel without confirms: RPC servers' replies (a lost one times out)."""
    return await conn.channel(publisher_confirms=False)  # type: ignore[return-value]
