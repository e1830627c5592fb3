"""End-to-end fixtures: the real services as processes on this run's database and
vhost, a demo tenant created by the same CLI `make up` uses, and an HTTP client
with its API key (company context)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

from tests import harness

DEMO_KEY = "ek_e2etest0_" + "e" * 36
# no sri_submitter or renderer_mailer in `platform`: a create waits for the SRI step at most (not the mail's)
DOCUMENTS_ENV = {"WAIT_UNTIL": "sri"}


def bootstrap(env: dict[str, str], ruc: str = "1792146739001", key: str = DEMO_KEY, timeout: float = 60) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "services.gateway", "bootstrap-demo", "--ruc", ruc, "--name", "Empresa Demo S.A.",
         "--email", f"owner-{ruc}@example.com", "--password", "demo1234", "--api-key", key],
        cwd=harness.ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="package")
def platform(service_env, start_service):
    """gateway + sequencing + documents + inventory on the run's vhost, for the e2e package only.

    Stopped when the package ends: later packages (inventory, sequencing) start their own
    workers on the same queues and count what each consumes."""
    tenant = bootstrap(service_env)
    services = {name: start_service(name, **(DOCUMENTS_ENV if name == "documents" else {}))
                for name in ("sequencing", "documents", "inventory")}
    services["gateway"] = start_service("gateway", RATE_LIMIT_PER_MINUTE="0", RPC_TIMEOUT_SECONDS="3")
    platform = {"tenant": tenant, **services}
    yield platform
    for name in services:
        platform[name].stop()  # the tests may have replaced a process: stop the current one


@pytest.fixture(scope="package")
async def api(platform):
    """httpx client on /api/v1/company with the demo tenant's API key."""
    async with httpx.AsyncClient(base_url=platform["gateway"].url + "/api/v1/company",
                                 headers={"X-API-Key": platform["tenant"]["api_key"]}, timeout=30) as client:
        yield client


FULL_KEY = "ek_fullstk0_" + "f" * 36


@pytest.fixture(scope="package")
async def full_stack(infra, service_env, start_service, log_dir, tmp_path_factory):
    """Every service, the SRI simulator and an SMTP sink (tests/e2e/stacks.py), shared by the
    e2e modules that follow a document past the SRI (mail, files, webhooks)."""
    from tests.e2e.stacks import start_stack, stop_stack

    stack = await start_stack(infra, service_env, start_service, log_dir, tmp_path_factory.mktemp("full"),
                              "e2efull", FULL_KEY)
    yield stack
    await stop_stack(infra, stack)


@pytest.fixture(scope="package")
async def full_api(full_stack):
    async with full_stack.client() as client:
        yield client


@pytest.fixture(scope="package")
async def full_shop(full_api):
    """Certificate, series 001-001, a warehouse, a service and a customer with an e-mail address."""
    from tests.e2e.stacks import open_shop

    return await open_shop(full_api)
