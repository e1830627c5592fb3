"""The reference of the gateway's read path: a bare aiohttp + asyncpg handler, one process.

GET /documents/{id} reads what documents reads for `GET /api/v1/company/documents/{id}` (the
documents row of one company, then its lines, from the documents schema) and answers it as
JSON; no authentication, no broker, no second process. GET /healthz answers 200 once the pool
is open. bench/suite.py starts it on a free loopback port for the reference of the same run.

Usage: .venv/bin/python bench/bare_handler.py --port 0 [--company-id 1] [--database-url DSN]
(DATABASE_URL from .run/infra.env by default; --port 0 picks a free port and prints it.)
"""
from __future__ import annotations

import argparse
import json
import socket
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import asyncpg
from aiohttp import web

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = "SELECT * FROM documents.documents WHERE company_id = $1 AND id = $2"
LINES = "SELECT * FROM documents.document_lines WHERE document_id = $1 ORDER BY line_no"


def plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


async def init_connection(conn: asyncpg.Connection) -> None:
    """jsonb decoded as the services' pools do (shared/db/pool.py)."""
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


def app(dsn: str, company_id: int, pool_size: int) -> web.Application:
    application = web.Application()

    async def pool_ctx(app_: web.Application):
        app_["pool"] = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size, init=init_connection)
        yield
        await app_["pool"].close()

    async def document(request: web.Request) -> web.Response:
        async with request.app["pool"].acquire() as conn:
            row = await conn.fetchrow(DOCUMENT, company_id, int(request.match_info["id"]))
            if row is None:
                return web.json_response({"message": "Documento no encontrado."}, status=404)
            lines = await conn.fetch(LINES, row["id"])
        body = {**dict(row), "items": [dict(line) for line in lines]}
        return web.Response(text=json.dumps(body, default=plain), content_type="application/json")

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    application.cleanup_ctx.append(pool_ctx)
    application.router.add_get("/documents/{id:\\d+}", document)
    application.router.add_get("/healthz", healthz)
    return application


def main() -> None:
    infra = ROOT / ".run" / "infra.env"
    env = dict(line.split("=", 1) for line in infra.read_text().splitlines() if "=" in line) if infra.exists() else {}
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--company-id", type=int, default=1)
    ap.add_argument("--pool-size", type=int, default=10, help="as a service's DB_POOL_MAX (10)")
    ap.add_argument("--database-url", default=env.get("DATABASE_URL", "").strip())
    args = ap.parse_args()
    if not args.database_url:
        ap.error("no DATABASE_URL: run `make up`, or pass --database-url")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    print(f"bare handler on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    web.run_app(app(args.database_url, args.company_id, args.pool_size), sock=sock, print=None,
                access_log=None)


if __name__ == "__main__":
    main()
