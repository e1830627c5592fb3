"""asyncpg pool bound to one service's schema."""
from __future__ import annotations

import json

import asyncpg


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    await conn.set_type_codec("json", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def _reset(conn: asyncpg.Connection) -> None:
    """On release: undo an open transaction, and nothing else.

    asyncpg's default reset runs UNLISTEN *, RESET ALL, CLOSE ALL and unlocks advisory
    locks on every release: a round trip per acquire. Our code keeps no session state on
    pooled connections (settings are startup parameters, advisory locks are taken on
    migrations' own connection, and a listener removes its LISTEN before releasing)."""
    if conn.is_in_transaction():
        await conn.reset()


async def create_pool(dsn: str, schema: str, *, min_size: int = 1, max_size: int = 10,
                      application_name: str | None = None) -> asyncpg.Pool:
    """A pool whose connections see `schema` first on the search path.

    The schema must exist (migrations create it before the pool is opened).
    """
    return await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, reset=_reset,
        server_settings={"search_path": f"{schema},public", "application_name": application_name or schema},
    )
