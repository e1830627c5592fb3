"""Migrations on real PostgreSQL: ordered, recorded, idempotent, safe with replicas."""
from __future__ import annotations

import asyncio

import asyncpg
import pytest

from shared.db import inbox
from shared.db.migrate import SHARED_SQL, MigrationError, apply_migrations
from tests import harness

pytestmark = pytest.mark.integration
SHARED = sorted("shared/" + p.name for p in SHARED_SQL.glob("*.sql"))


@pytest.fixture
def migrations(tmp_path):
    (tmp_path / "0001_init.sql").write_text("CREATE TABLE widgets (id serial PRIMARY KEY, name text);")
    (tmp_path / "0002_more.sql").write_text("ALTER TABLE widgets ADD COLUMN size int NOT NULL DEFAULT 0;")
    return tmp_path


async def test_migrations_apply_in_order_once(database_url, migrations):
    schema = harness.unique("mig")
    first = await apply_migrations(database_url, schema, migrations)
    assert first == [*SHARED, "0001_init.sql", "0002_more.sql"]
    assert await apply_migrations(database_url, schema, migrations) == []
    conn = await asyncpg.connect(database_url)
    try:
        cols = await conn.fetch("SELECT column_name FROM information_schema.columns "
                                "WHERE table_schema = $1 AND table_name = 'widgets'", schema)
        assert {c["column_name"] for c in cols} == {"id", "name", "size"}
    finally:
        await conn.close()


async def test_concurrent_replicas_migrate_once(database_url, migrations):
    schema = harness.unique("mig")
    results = await asyncio.gather(*(apply_migrations(database_url, schema, migrations) for _ in range(4)))
    assert sorted(len(r) for r in results) == [0, 0, 0, len(SHARED) + 2]


async def test_a_changed_migration_stops_the_service(database_url, migrations):
    schema = harness.unique("mig")
    await apply_migrations(database_url, schema, migrations)
    (migrations / "0001_init.sql").write_text("CREATE TABLE widgets (id bigint);")
    with pytest.raises(MigrationError, match="0001_init.sql"):
        await apply_migrations(database_url, schema, migrations)


async def test_failed_migration_leaves_nothing_half_applied(database_url, migrations):
    schema = harness.unique("mig")
    (migrations / "0003_bad.sql").write_text("CREATE TABLE gadgets (id int); SELECT no_such_function();")
    with pytest.raises(asyncpg.PostgresError):
        await apply_migrations(database_url, schema, migrations)
    conn = await asyncpg.connect(database_url)
    try:
        assert await conn.fetchval("SELECT to_regclass($1)", f"{schema}.gadgets") is None
        assert await conn.fetchval(f'SELECT count(*) FROM "{schema}".schema_migrations') == len(SHARED) + 2
    finally:
        await conn.close()


async def test_inbox_claims_a_message_once_per_consumer(schema):
    _, pool = schema
    import uuid
    mid = uuid.uuid4()
    async with pool.acquire() as conn:
        assert await inbox.claim(conn, "a", mid) is True
        assert await inbox.claim(conn, "a", mid) is False
        assert await inbox.claim(conn, "b", mid) is True


async def test_inbox_claim_rolls_back_with_the_effect(schema):
    _, pool = schema
    import uuid
    mid = uuid.uuid4()
    async with pool.acquire() as conn:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                assert await inbox.claim(conn, "a", mid)
                raise RuntimeError("handler failed")
        assert await inbox.claim(conn, "a", mid) is True
