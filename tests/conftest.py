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
            "SECRETS_KEY": "test-secret-key-please-change-0123456789",
            "WEBHOOK_ALLOW_PRIVATE_URLS": "true",  # the tests' webhook receivers listen on 127.0.0.1
            "ANSWER_CHECK": "true"}  # the gateway validates every answer against its model


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


@pytest.fixture(scope="session")
def private_broker(tmp_path_factory):
    """A RabbitMQ node of this run's own (tests/private_broker.py), for tests that restart
    the broker; started once (about 15 s) when a test first asks for it."""
    from tests.private_broker import PrivateBroker

    broker = PrivateBroker(tmp_path_factory.mktemp("rabbit")).start()
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
async def rpc_client(amqp_url):
    """An RpcClient on the test vhost, to call services the way the gateway does."""
    from shared.messaging.connection import confirm_channel, connect
    from shared.messaging.rpc import RpcClient

    conn = await connect(amqp_url, "tests")
    client = RpcClient(await confirm_channel(conn), default_timeout=5)
    await client.start()
    yield client
    await conn.close()


@pytest.fixture(scope="session")
def call(rpc_client):
    """call("sequencing", "establishments.list", company_id=1, body=..., query=..., path_params=...) -> RpcReply."""
    from shared.contracts.rpc import Identity, RpcRequest

    async def _call(service: str, method: str, *, company_id: int = 1, body=None, query=None,
                    path_params=None, timeout: float = 5, **identity):
        req = RpcRequest(method=method, identity=Identity(company_id=company_id, **identity),
                         body=body, query=query or {}, path_params=path_params or {})
        return await rpc_client.call(service, req, timeout=timeout)

    return _call


def pytest_sessionfinish(session, exitstatus):
    harness.stop_all_started()
