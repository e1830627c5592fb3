"""The small side HTTP port every worker exposes: /healthz, /readyz, /metrics."""
from __future__ import annotations

from typing import Awaitable, Callable

from aiohttp import web

from shared.messaging.connection import is_connected
from shared.observability.probes import scrape

ReadyCheck = Callable[[], Awaitable[dict[str, bool]]]


def health_routes(ready: ReadyCheck) -> list[web.RouteDef]:
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        checks = await ready()
        ok = all(checks.values())
        return web.json_response({"status": "ok" if ok else "unavailable", "checks": checks},
                                 status=200 if ok else 503)

    async def metrics(_request: web.Request) -> web.Response:
        body, ctype = await scrape(ready)  # probes (outbox lag, queue depths...) and readiness first
        return web.Response(body=body, headers={"Content-Type": ctype})

    return [web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics)]


async def start_side_port(ready: ReadyCheck, host: str, port: int) -> web.AppRunner:
    app = web.Application()
    app.add_routes(health_routes(ready))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def pg_amqp_ready(pool, amqp, **attached: Callable[[], bool]) -> ReadyCheck:
    """Ready when the database answers, the broker connection is up and every named
    part can work (e.g. `rpc_replies`, `consumers`: false after a reconnect until
    they consume again). Liveness (/healthz) never depends on any of this."""
    async def check() -> dict[str, bool]:
        try:
            async with pool.acquire(timeout=2) as conn:
                db = await conn.fetchval("SELECT 1") == 1
        except Exception:
            db = False
        return {"database": db, "broker": is_connected(amqp), **{name: part() for name, part in attached.items()}}
    return check
