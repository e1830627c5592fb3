"""Ordered SQL migrations per schema, applied at start, recorded, safe with replicas.

Files are `NNNN_name.sql`. The shared ones (outbox, inbox) are applied into every
schema first under the version prefix `shared/`. A migration whose file changed
after it was applied stops the service: fix forward with a new file instead.

`python -m shared.db.migrate --wait SECONDS SERVICES_DIR` applies nothing: it waits until every
schema `<name>` of `SERVICES_DIR/<name>/migrations` has all of that folder's migrations (what the
migration Job applies; Kubernetes init containers run it so that no pod of a release starts
before them), exit 1 with what is still pending after SECONDS (`--wait 0`: check once).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

import asyncpg

log = logging.getLogger(__name__)
SHARED_SQL = Path(__file__).with_name("sql")


class MigrationError(RuntimeError):
    pass


def _files(directory: Path | None, prefix: str) -> list[tuple[str, Path]]:
    if directory is None or not directory.is_dir():
        return []
    return [(prefix + p.name, p) for p in sorted(directory.glob("[0-9][0-9][0-9][0-9]_*.sql"))]


def _checksum(sql: str) -> str:
    return hashlib.sha256(sql.encode()).hexdigest()


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise MigrationError(f"bad schema name {name!r}")
    return f'"{name}"'


async def apply_migrations(dsn: str, schema: str, directory: Path | None) -> list[str]:
    """Apply what is pending; return the versions applied now (empty when up to date)."""
    conn = await asyncpg.connect(dsn)
    try:
        return await _apply(conn, schema, directory)
    finally:
        await conn.close()


async def _apply(conn: asyncpg.Connection, schema: str, directory: Path | None) -> list[str]:
    q = _quote(schema)
    await conn.execute("SELECT pg_advisory_lock(hashtext($1))", "migrate:" + schema)
    try:
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {q}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {q}.schema_migrations ("
            " version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {r["version"]: r["checksum"] for r in await conn.fetch(f"SELECT version, checksum FROM {q}.schema_migrations")}
        applied = []
        for version, path in _files(SHARED_SQL, "shared/") + _files(directory, ""):
            sql = path.read_text()
            checksum = _checksum(sql)
            if version in done:
                if done[version] != checksum:
                    raise MigrationError(f"{schema}: migration {version} changed after it was applied")
                continue
            async with conn.transaction():
                await conn.execute(f"SET LOCAL search_path TO {q}, public")
                await conn.execute(sql)
                await conn.execute(f"INSERT INTO {q}.schema_migrations (version, checksum) VALUES ($1, $2)",
                                   version, checksum)
            log.info("migration applied", extra={"fields": {"schema": schema, "version": version}})
            applied.append(version)
        return applied
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", "migrate:" + schema)


async def _pending(conn: asyncpg.Connection, schema: str, directory: Path | None) -> list[str]:
    """The versions `apply_migrations` would apply now (a changed one counts too); writes nothing."""
    q = _quote(schema)
    done = {}
    if await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", f"{q}.schema_migrations"):
        rows = await conn.fetch(f"SELECT version, checksum FROM {q}.schema_migrations")
        done = {r["version"]: r["checksum"] for r in rows}
    return [version for version, path in _files(SHARED_SQL, "shared/") + _files(directory, "")
            if done.get(version) != _checksum(path.read_text())]


def release_schemas(services_dir: Path) -> dict[str, Path]:
    """Schema -> migrations folder of every `<services_dir>/<name>/migrations` (a service's schema is its name)."""
    return {p.parent.name: p for p in sorted(services_dir.glob("*/migrations")) if p.is_dir()}


async def wait_until_migrated(dsn: str, schemas: dict[str, Path], timeout: float, interval: float = 2.0) -> list[str]:
    """Poll until every schema has all its migrations, for at most `timeout` seconds; what is
    still pending then (`schema: version`; empty: all applied). An unreachable database is waited for."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn = await asyncpg.connect(dsn, timeout=max(1.0, interval))
            try:
                pending = [f"{schema}: {version}" for schema, directory in schemas.items()
                           for version in await _pending(conn, schema, directory)]
            finally:
                await conn.close()
        except (OSError, asyncio.TimeoutError, asyncpg.PostgresError) as exc:
            pending = [f"database: {exc!r}"]
        if not pending or time.monotonic() >= deadline:
            return pending
        await asyncio.sleep(interval)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.db.migrate",
                                     description="Wait until every service's migrations are applied (DATABASE_URL).")
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="how long to wait (0: check once)")
    parser.add_argument("services_dir", type=Path, help="the folder with <service>/migrations, e.g. /app/services")
    args = parser.parse_args(argv)
    schemas, dsn = release_schemas(args.services_dir), os.environ.get("DATABASE_URL")
    if not schemas or not dsn:
        parser.exit(2, "DATABASE_URL is not set\n" if schemas else f"no <service>/migrations in {args.services_dir}\n")
    pending = asyncio.run(wait_until_migrated(dsn, schemas, 0))
    if pending and args.wait > 0:
        print(f"waiting up to {args.wait:g} s for {', '.join(pending)}", file=sys.stderr, flush=True)
        pending = asyncio.run(wait_until_migrated(dsn, schemas, args.wait))
    for item in pending:
        print(f"pending: {item}", file=sys.stderr)
    print(f"{len(schemas)} schema(s): " + ("not migrated yet" if pending else "every migration applied"))
    raise SystemExit(1 if pending else 0)


if __name__ == "__main__":
    main()
