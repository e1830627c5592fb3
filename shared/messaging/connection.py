"""Robust AMQP connection and the channels the platform uses, and what readiness
asks of them (is the connection up, is a consumer attached to the open channel)."""
from __future__ import annotations

import aio_pika
import aiormq.abc
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractRobustChannel, AbstractRobustConnection

# How soon a dropped connection is tried again (aio-pika's default is 5 s): after a
# broker restart the services are back within about a second of the broker.
RECONNECT_SECONDS = 1.0


async def connect(url: str, name: str) -> AbstractRobustConnection:
    """Reconnects by itself after a broker restart; declared queues, bindings and their
    consumers are restored (the RPC reply consumer by the RpcClient itself)."""
    return await aio_pika.connect_robust(url, client_properties={"connection_name": name},
                                         reconnect_interval=RECONNECT_SECONDS)


async def confirm_channel(conn: AbstractRobustConnection) -> AbstractRobustChannel:
    """A channel with publisher confirms; an unroutable `mandatory` publish raises."""
    return await conn.channel(publisher_confirms=True, on_return_raises=True)  # type: ignore[return-value]


async def plain_channel(conn: AbstractRobustConnection) -> AbstractRobustChannel:
    """A channel without confirms: RPC servers' replies (a lost one times out)."""
    return await conn.channel(publisher_confirms=False)  # type: ignore[return-value]


def is_connected(conn: AbstractConnection) -> bool:
    """The connection is up now. A robust connection is not `is_closed` while it
    reconnects, so that alone would call a broker outage healthy."""
    return conn.connected.is_set() and not conn.is_closed


def open_amqp_channel(channel: AbstractChannel) -> aiormq.abc.AbstractChannel | None:
    """The AMQP channel that `channel` runs on right now, or None while it is closed
    (connection lost, channel error, being restored). Each reopen makes a new one."""
    if channel.is_closed:
        return None
    underlay = getattr(channel, "_channel", None)  # aio-pika has no synchronous accessor
    return None if underlay is None else underlay.channel


def consuming(channel: AbstractChannel, tag: str | None) -> bool:
    """The consumer `tag` is attached to the channel's open AMQP channel."""
    current = open_amqp_channel(channel)
    return tag is not None and current is not None and tag in current.consumers
