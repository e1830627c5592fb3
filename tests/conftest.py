"""Session fixtures: infrastructure, a database and a vhost per test run.

Unit tests request none of these and run without any server.
"""
from __future__ import annotations

import pytest

from tests import harness


@pytest.fixture(scope="session")
def infra():
    infra = harness.start_infra()
    yield infra
    for fn in infra.cleanup:
        fn()


@pytest.fixture(scope="session")
async def database_url(infra):
    name = harness.unique("test")
    url = await harness.create_database(infra, name)
    yield url
    await harness.drop_database(infra, name)


@pytest.fixture(scope="session")
def amqp_url(infra):
    vhost = harness.unique("test")
    infra.add_vhost(vhost)
    yield infra.with_vhost(vhost)
    infra.delete_vhost(vhost)


@pytest.fixture(scope="session")
def service_env(database_url, amqp_url) -> dict[str, str]:
    """Environment every service process of this test run shares."""
    return {"DATABASE_URL": database_url, "AMQP_URL": amqp_url, "LOG_LEVEL": "INFO",
            "SECRETS_KEY": "test-secret-key-please-change-0123456789"}


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("service-logs")


@pytest.fixture(scope="session")
def start_service(service_env, log_dir):
    """Factory: start_service("sequencing", EXTRA="1") -> ServiceProcess (stopped at session end)."""
    started: list[harness.ServiceProcess] = []

    def start(name: str, **extra: str) -> harness.ServiceProcess:
        svc = harness.start_service(name, {**service_env, **extra}, log_dir=log_dir)
        started.append(svc)
        return svc

    yield start
    for svc in started:
        svc.stop()
