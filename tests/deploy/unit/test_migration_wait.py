"""`python -m shared.db.migrate --wait`, what every Deployment's init container runs (the pods of a
release wait for the migration Job): the schemas it watches, and its waiting without a database.
(Against PostgreSQL: tests/deploy/integration/test_migration_wait.py.)"""
from __future__ import annotations

import importlib
import subprocess
import sys
import time

import pytest

from shared.db.migrate import release_schemas, wait_until_migrated
from tests.deploy.unit.deployment import ROOT, services_with_migrations

pytestmark = pytest.mark.unit
UNREACHABLE = "postgresql://nobody:nothing@127.0.0.1:1/none"


def _schema_of(service: str) -> str:
    app = importlib.import_module(f"services.{service}.app")
    return app.SPEC.db_schema if hasattr(app, "SPEC") else app.NAME


def test_it_watches_the_schema_of_every_service_with_migrations():
    schemas = release_schemas(ROOT / "services")
    assert set(schemas) == services_with_migrations()
    for schema, folder in schemas.items():
        assert _schema_of(schema) == schema and folder == ROOT / "services" / schema / "migrations"


async def test_an_unreachable_database_is_waited_for_then_reported():
    started = time.monotonic()
    pending = await wait_until_migrated(UNREACHABLE, release_schemas(ROOT / "services"), 0.3, interval=0.1)
    assert len(pending) == 1 and pending[0].startswith("database: ")
    assert 0.3 <= time.monotonic() - started < 5


@pytest.mark.parametrize("args, env, message", [
    (["--wait", "0", "/nonexistent"], {"DATABASE_URL": UNREACHABLE}, "no <service>/migrations in /nonexistent"),
    (["--wait", "0", str(ROOT / "services")], {}, "DATABASE_URL is not set"),
])
def test_the_command_refuses_what_would_wait_for_nothing(args, env, message):
    done = subprocess.run([sys.executable, "-m", "shared.db.migrate", *args], cwd=ROOT, env={"PATH": "/usr/bin", **env},
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and message in done.stderr
