"""Ordered SQL migrations per schema, applied at start, recorded, safe with replicas.

Files are `NNNN_name.sql`. The shared ones (outbox, inbox) are applied into every
schema first under the version prefix `shared/`. A migration whose file changed
after it was applied stops the service: fix forward with a new file instead.
"""
from __future__ import annotations

import hashlib
import logging
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
            checksum = hashlib.sha256(sql.encode()).hexdigest()
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
