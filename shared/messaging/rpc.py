"""Request/reply over RabbitMQ: queue `rpc.<service>`, replies by direct reply-to.
This module serves requests; the caller's side is `rpc_client.py` (re-exported here).

Handlers are `async def method(req: RpcRequest, *, conn, outbox, ...)`; they run in
one database transaction, return a JSON-able body (or an RpcReply for another
status) and raise `ServiceError` subclasses for 4xx answers.

Long-running methods (a create that waits a bounded time for its flow) are acked as
soon as they arrive and run beside the others, bounded by their own limit, so a
burst of waiting calls never holds the prefetch window that every other method of
the service needs. Nothing is lost by the early ack: an RPC is answered or the
caller times out and retries (creates are idempotent on the request's key).
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable

import asyncpg
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractQueue
from pydantic import ValidationError

from shared.contracts.rpc import RpcReply, RpcRequest, ServiceError
from shared.db.outbox import Outbox
from shared.messaging.inject import call_with, wanted
from shared.messaging.rpc_client import REPLY_TO, RpcClient, RpcTimeout, RpcUnavailable, publish_direct
from shared.messaging.topology import declare_rpc_queue
from shared.messaging.worker import QueueWorker
from shared.observability import context
from shared.observability.metrics import RPC_SECONDS, RPC_SERVED

log = logging.getLogger(__name__)
__all__ = ["REPLY_TO", "RpcClient", "RpcServer", "RpcTimeout", "RpcUnavailable"]


class RpcServer(QueueWorker):
    def __init__(self, pool: asyncpg.Pool, channel: AbstractChannel, service: str,
                 methods: dict[str, Callable[..., Awaitable[Any]]], deps: dict[str, Any] | None = None,
                 long_running: frozenset[str] = frozenset(), long_running_limit: int = 256):
        super().__init__()
        self.pool, self.channel, self.service, self.methods = pool, channel, service, methods
        self.deps = deps or {}
        self.long_running = long_running
        self.long_slots = asyncio.Semaphore(long_running_limit)

    async def declare(self) -> AbstractQueue:
        return await declare_rpc_queue(self.channel, self.service)

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        """Parse once; a long-running method is acked first, every other one after its answer."""
        try:
            req: RpcRequest | None = RpcRequest.model_validate_json(message.body)
        except ValidationError:
            req = None
        if req is not None and req.method in self.long_running:
            async with self.long_slots:
                await message.ack()  # frees the prefetch window before the long wait
                await self._answer(message, await self.dispatch(req))
            return
        await self._answer(message, await self.dispatch(req))
        await message.ack()

    async def _answer(self, message: AbstractIncomingMessage, reply: RpcReply) -> None:
        if not message.reply_to:
            return
        # mandatory=False: RabbitMQ reports direct reply-to deliveries as
        # unroutable; a caller that went away simply misses its answer.
        try:
            await publish_direct(self.channel, message.reply_to, reply.model_dump_json().encode(),
                                 correlation_id=message.correlation_id or "", mandatory=False)
        except Exception as exc:
            log.warning("rpc reply not sent", extra={"fields": {"error": repr(exc)}})

    async def dispatch(self, req: RpcRequest | None) -> RpcReply:
        """The reply to a request (None: a body that was not an RpcRequest)."""
        if req is None:
            return RpcReply(status=400, body={"message": "Solicitud RPC inválida."})
        context.request_id.set(req.identity.request_id if req.identity else None)
        fn = self.methods.get(req.method)
        if fn is None:
            return RpcReply(status=404, body={"message": "Recurso no encontrado."})
        started = time.perf_counter()
        try:
            result = await self._run(fn, req)
            reply = result if isinstance(result, RpcReply) else RpcReply(status=200, body=result)
        except ServiceError as exc:
            reply = RpcReply(status=exc.status, body=exc.body())
        except Exception:
            log.exception("rpc handler failed", extra={"fields": {"method": req.method}})
            reply = RpcReply(status=500, body={"message": "Error interno del servidor."})
        RPC_SECONDS.labels(req.method).observe(time.perf_counter() - started)
        RPC_SERVED.labels(req.method, str(reply.status)).inc()
        return reply

    async def _run(self, fn, req: RpcRequest):
        """In one transaction when the handler takes `conn` (none for a `read_only` one);
        a handler that takes only `pool` manages its own transactions (e.g. to commit, then wait)."""
        if "conn" not in wanted(fn):
            return await call_with(fn, req, self.deps)
        if getattr(fn, "read_only", False):
            async with self.pool.acquire() as conn:
                return await call_with(fn, req, {**self.deps, "conn": conn})
        async with self.pool.acquire() as conn, conn.transaction():
            outbox = Outbox(conn, correlation_id=req.identity.request_id if req.identity else None)
            return await call_with(fn, req, {**self.deps, "conn": conn, "outbox": outbox})
