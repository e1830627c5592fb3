from __future__ import annotations

import pytest

from shared.db.migrate import apply_migrations
from shared.db.pool import create_pool
from shared.messaging.connection import confirm_channel, connect
from tests import harness


@pytest.fixture
async def schema(database_url):
    """A fresh schema with the shared outbox/inbox tables, and a pool on it."""
    name = harness.unique("core")
    await apply_migrations(database_url, name, None)
    pool = await create_pool(database_url, name, max_size=5)
    yield name, pool
    async with pool.acquire() as conn:
        await conn.execute(f'DROP SCHEMA "{name}" CASCADE')
    await pool.close()


@pytest.fixture
async def amqp(amqp_url):
    conn = await connect(amqp_url, "tests-core")
    yield conn
    await conn.close()


@pytest.fixture
async def channel(amqp):
    return await confirm_channel(amqp)
