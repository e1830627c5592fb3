"""The gateway application: factory, resource lifetimes (cleanup_ctx) and serving."""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import AsyncIterator

from aiohttp import web

from services.gateway.appkeys import AMQP, CREDENTIALS, KEY_TOUCHED, LIMITER, POOL, RELAY, RPC, SETTINGS
from services.gateway.db import idempotency, sessions
from services.gateway.db.credential_cache import CredentialCache
from services.gateway.domain.ratelimit import TokenBucketLimiter
from services.gateway.middlewares import PIPELINE
from services.gateway.middlewares.answers import answer_check
from services.gateway.routes import setup_routes
from services.gateway.settings import GatewaySettings
from services.gateway.views.docs import docs_routes
from services.gateway.views.multipart import MAX_UPLOAD_BYTES
from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.messaging.connection import confirm_channel, connect
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.rpc import RpcClient
from shared.messaging.topology import declare_exchanges
from shared.runtime.health import health_routes, pg_amqp_ready
from shared.runtime.loop import new_loop

log = logging.getLogger(__name__)
NAME = "gateway"
MIGRATIONS = Path(__file__).with_name("migrations")
PURGE_EVERY_SECONDS = 3600


async def migrate(settings: GatewaySettings) -> list[str]:
    return await apply_migrations(settings.database_url, NAME, MIGRATIONS)


async def pg_ctx(app: web.Application) -> AsyncIterator[None]:
    s = app[SETTINGS]
    await migrate(s)
    app[POOL] = await create_pool(s.database_url, NAME, min_size=s.db_pool_min, max_size=s.db_pool_max,
                                  application_name=NAME)
    yield
    await app[POOL].close()


async def amqp_ctx(app: web.Application) -> AsyncIterator[None]:
    """Broker connection, the RPC client, and the outbox relay (company_updated events)."""
    s = app[SETTINGS]
    app[AMQP] = await connect(s.amqp_url, NAME)
    publish_channel = await confirm_channel(app[AMQP])
    await declare_exchanges(publish_channel)
    app[RPC] = RpcClient(await confirm_channel(app[AMQP]), s.rpc_timeout_seconds)
    await app[RPC].start()
    relay = app[RELAY] = OutboxRelay(app[POOL], publish_channel)
    task = asyncio.create_task(relay.run(), name="outbox-relay")
    yield
    relay.stop()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await app[AMQP].close()


async def credentials_ctx(app: web.Application) -> AsyncIterator[None]:
    """The credential cache's LISTEN connection (db/credential_cache.py)."""
    stopping = asyncio.Event()
    task = asyncio.create_task(app[CREDENTIALS].listen(app[SETTINGS].database_url, stopping),
                               name="credential-cache")
    yield
    stopping.set()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def housekeeping_ctx(app: web.Application) -> AsyncIterator[None]:
    """Drops expired idempotency records and old sessions, hourly."""
    async def loop() -> None:
        while True:
            try:
                await idempotency.purge(app[POOL], app[SETTINGS].idempotency_ttl_hours)
                await sessions.purge_expired(app[POOL])
            except Exception as exc:  # database away for a moment: next round
                log.warning("purge failed", extra={"fields": {"error": repr(exc)}})
            await asyncio.sleep(PURGE_EVERY_SECONDS)

    task = asyncio.create_task(loop(), name="gateway-housekeeping")
    yield
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def create_app(settings: GatewaySettings) -> web.Application:
    # the answer check is innermost: it sees what the handler answered, before any replay is stored
    pipeline = [*PIPELINE, answer_check] if settings.answer_check else PIPELINE
    app = web.Application(middlewares=pipeline, client_max_size=MAX_UPLOAD_BYTES)  # a 1 MB logo fits
    app[SETTINGS] = settings
    app[LIMITER] = TokenBucketLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app[KEY_TOUCHED] = {}
    app[CREDENTIALS] = CredentialCache(settings.auth_cache_seconds)

    async def ready() -> dict[str, bool]:
        if RELAY not in app:  # starting: the broker part is set up last
            return {"database": False, "broker": False, "rpc_replies": False, "publisher": False}
        return await pg_amqp_ready(app[POOL], app[AMQP], rpc_replies=lambda: app[RPC].attached,
                                   publisher=lambda: app[RELAY].attached)()

    setup_routes(app, [*health_routes(ready), *docs_routes()])  # no credentials: health, /docs, /openapi.json
    app.cleanup_ctx.extend([pg_ctx, credentials_ctx, amqp_ctx, housekeeping_ctx])
    return app


def serve(settings: GatewaySettings) -> None:
    """Until SIGTERM/SIGINT; then in-flight requests finish (SHUTDOWN_GRACE_SECONDS) and all closes."""
    web.run_app(create_app(settings), host=settings.http_host, port=settings.http_port, access_log=None,
                print=None, shutdown_timeout=settings.shutdown_grace_seconds, loop=new_loop())
