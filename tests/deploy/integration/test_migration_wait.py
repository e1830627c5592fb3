"""`python -m shared.db.migrate --wait` against PostgreSQL: it reports what the migration Job has
not applied yet, returns as soon as it is applied, and never applies anything itself."""
from __future__ import annotations

import asyncio
import subprocess
import sys

import asyncpg
import pytest

from shared.db.migrate import SHARED_SQL, apply_migrations, release_schemas, wait_until_migrated
from tests import harness
from tests.deploy.unit.deployment import ROOT

pytestmark = pytest.mark.integration
SHARED = sorted("shared/" + p.name for p in SHARED_SQL.glob("*.sql"))


@pytest.fixture
async def release(database_url, tmp_path):
    """A services folder with one service (a schema of its own) and its first migration."""
    name = harness.unique("wait")
    folder = tmp_path / name / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_init.sql").write_text("CREATE TABLE widgets (id int);")
    yield name, folder
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    finally:
        await conn.close()


async def test_it_waits_for_the_migrations_and_applies_none(database_url, release):
    name, folder = release
    schemas = release_schemas(folder.parents[1])
    assert await wait_until_migrated(database_url, schemas, 0) == [f"{name}: {v}" for v in [*SHARED, "0001_init.sql"]]
    waiting = asyncio.create_task(wait_until_migrated(database_url, schemas, 30, interval=0.05))
    await asyncio.sleep(0.3)
    assert not waiting.done()
    assert len(await apply_migrations(database_url, name, folder)) == len(SHARED) + 1  # it applied nothing
    assert await asyncio.wait_for(waiting, 5) == []
    # the next release brings a migration: its pods wait for it again
    (folder / "0002_more.sql").write_text("ALTER TABLE widgets ADD COLUMN size int;")
    assert await wait_until_migrated(database_url, schemas, 0) == [f"{name}: 0002_more.sql"]


async def test_the_command_exits_0_only_when_everything_is_applied(database_url, release):
    name, folder = release

    def check() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "shared.db.migrate", "--wait", "0", str(folder.parents[1])],
                              cwd=ROOT, env={"PATH": "/usr/bin", "DATABASE_URL": database_url},
                              capture_output=True, text=True, timeout=30)
    before = check()
    assert before.returncode == 1 and f"pending: {name}: 0001_init.sql" in before.stderr
    await apply_migrations(database_url, name, folder)
    after = check()
    assert after.returncode == 0 and "every migration applied" in after.stdout, after.stderr
