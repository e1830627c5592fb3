"""Gateway integration fixtures.

The gateway tests get a database and a vhost of their own, so a fake RPC server
they start (or a service they expect to be absent) never meets a real service
another test module started in the same session.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import aio_pika
import httpx
import pytest

from shared.db.pool import create_pool
from shared.messaging.topology import EVENTS, declare_exchanges
from tests import harness

DEMO = {"ruc": "1792146739001", "name": "Empresa Demo S.A.", "email": "demo@example.com",
        "password": "demo1234", "api_key": "ek_demo0001_" + "d" * 36}


@pytest.fixture(scope="session")
async def gw_env(infra, tmp_path_factory):
    """Also the file store the gateway reads (and a sri_submitter started with it writes)."""
    name, env = await harness.isolated_env(infra, "gw")
    yield {**env, "RPC_TIMEOUT_SECONDS": "1", "FILE_STORE_DIR": str(tmp_path_factory.mktemp("gw-files"))}
    await harness.drop_env(infra, name)


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.gateway", *args], cwd=harness.ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)


def bootstrap_demo(env: dict[str, str], **over: str) -> dict:
    opts = {**DEMO, **over}
    args = ["bootstrap-demo", "--ruc", opts["ruc"], "--name", opts["name"], "--email", opts["email"],
            "--password", opts["password"]] + (["--api-key", opts["api_key"]] if opts["api_key"] else [])
    done = run_cli(env, *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def demo(gw_env) -> dict:
    """The demo tenant, created by the CLI exactly as `make up` does."""
    return bootstrap_demo(gw_env)


@pytest.fixture(scope="session")
def gateway(gw_env, demo, start_service) -> harness.ServiceProcess:
    return start_service("gateway", **gw_env)


@pytest.fixture(scope="session")
async def gw_pool(gateway, gw_env):
    pool = await create_pool(gw_env["DATABASE_URL"], "gateway", max_size=4)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
async def client(gateway):
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as c:
        yield c


@pytest.fixture(scope="session")
async def unchecked_client(gw_env, demo, start_service):
    """A client of a gateway without ANSWER_CHECK, for the tests whose services are fakes."""
    gateway = start_service("gateway", **gw_env, ANSWER_CHECK="false")
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as c:
        yield c


@pytest.fixture
async def events_queue(gw_env):
    """A queue of the `gateway.company_updated` events published on the gateway's vhost."""
    conn = await aio_pika.connect(gw_env["AMQP_URL"])
    channel = await conn.channel()
    await declare_exchanges(channel)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(EVENTS, routing_key="gateway.company_updated.v1")
    yield queue
    await conn.close()
