"""What every queue worker (event consumer, RPC server) shares: consume, track the
deliveries in flight, and on stop cancel the consumer and let them finish."""
from __future__ import annotations

import asyncio
from typing import Awaitable

from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue

from shared.messaging.connection import consuming


class QueueWorker:
    """Subclasses implement `declare()` (the queue to consume) and `_handle(message)`."""

    channel: AbstractChannel

    def __init__(self) -> None:
        self.queue: AbstractQueue | None = None
        self.tag: str | None = None
        self.inflight: set[asyncio.Task] = set()

    async def declare(self) -> AbstractQueue:
        raise NotImplementedError

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        self.queue = await self.declare()
        self.tag = await self.queue.consume(self._on_message)

    @property
    def attached(self) -> bool:
        """Consuming now. The robust channel restores the consumer (same tag) after a
        reconnect; until then readiness reports the worker detached."""
        return consuming(self.channel, self.tag)

    async def stop(self, grace: float) -> None:
        if self.queue is not None and self.tag is not None:
            try:
                await self.queue.cancel(self.tag)
            except Exception:  # channel already gone: nothing more will arrive anyway
                pass
        if self.inflight:
            await asyncio.wait(self.inflight, timeout=grace)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        await tracked(self.inflight, self._handle(message))


async def tracked(inflight: set[asyncio.Task], work: Awaitable[None]) -> None:
    """Run `work` with the current task counted in `inflight` (graceful stop waits for it)."""
    task = asyncio.current_task()
    if task is not None:
        inflight.add(task)
    try:
        await work
    finally:
        if task is not None:
            inflight.discard(task)


