"""documents integration fixtures: the real documents process on a database and vhost of
its own, with fake inventory, sequencing and payments (RPC servers and their messages) beside it.

Its own vhost keeps the fakes away from the real inventory/sequencing processes other
test modules start on the session's vhost.
"""
from __future__ import annotations

import random

import pytest

from shared.contracts.rpc import Identity, RpcRequest
from shared.db.pool import create_pool
from shared.messaging.connection import confirm_channel, connect, plain_channel
from shared.messaging.rpc import RpcClient, RpcServer
from tests import harness
from tests.documents.integration.fakes import FakePayments, serve_fakes
from tests.documents.integration.helpers import announce_company


@pytest.fixture(scope="session")
async def docs_env(infra):
    name, env = await harness.isolated_env(infra, "docs")
    yield {**env, "RPC_TIMEOUT_SECONDS": "1", "INVOICE_WAIT_SECONDS": "5",
           "WAIT_UNTIL": "numbered"}  # the fakes never answer for the SRI
    await harness.drop_env(infra, name)


@pytest.fixture(scope="session")
def docs_amqp_url(docs_env) -> str:
    return docs_env["AMQP_URL"]


@pytest.fixture(scope="session")
def docs_database_url(docs_env) -> str:
    return docs_env["DATABASE_URL"]


@pytest.fixture(scope="session")
async def amqp_docs(docs_env):
    conn = await connect(docs_env["AMQP_URL"], "tests-documents")
    yield conn
    await conn.close()


@pytest.fixture(scope="session")
async def fakes(amqp_docs):
    """Fake inventory and sequencing: RPC servers plus the messages they would send."""
    inventory, sequencing, broker, servers = await serve_fakes(amqp_docs)
    yield inventory, sequencing, broker
    for server in servers:
        await server.stop(1)


@pytest.fixture(scope="session")
async def payments_fake(amqp_docs):
    """Fake payments: the cancel guard documents asks before cancelling an issued document."""
    payments = FakePayments()
    server = RpcServer(None, await plain_channel(amqp_docs), "payments", payments.methods())
    await server.start()
    yield payments
    await server.stop(1)


@pytest.fixture(scope="session")
def documents(docs_env, fakes, payments_fake, start_service):
    """One documents process for the session (started after the fakes it talks to)."""
    return start_service("documents", **docs_env)


@pytest.fixture(scope="session")
async def docs_pool(documents, docs_env):
    pool = await create_pool(docs_env["DATABASE_URL"], "documents", max_size=4)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
async def call(amqp_docs):
    """call("documents", "customers.list", company_id=..., body=..., query=..., path_params=...) on our vhost."""
    client = RpcClient(await confirm_channel(amqp_docs), default_timeout=10)
    await client.start()

    async def _call(service: str, method: str, *, company_id: int = 1, body=None, query=None, path_params=None,
                    timeout: float = 15, **identity):
        req = RpcRequest(method=method, identity=Identity(company_id=company_id, **identity), body=body,
                         query=query or {}, path_params=path_params or {})
        return await client.call(service, req, timeout=timeout)

    return _call


@pytest.fixture
def company_id(documents) -> int:
    """A fresh tenant per test, so tests never see each other's rows."""
    return random.randint(10**6, 2**31 - 1)


@pytest.fixture
async def company(company_id, amqp_docs, call):
    """The tenant, known to documents' company read model (as the gateway would announce it)."""
    await announce_company(amqp_docs, call, company_id)
    return company_id


@pytest.fixture
def shop(fakes, company):
    """Two products with stock in a warehouse of the company, and a service (no stock)."""
    inventory = fakes[0]
    pencil, notebook = inventory.add_product(company, "12.5"), inventory.add_product(company, "2.75")
    service = inventory.add_product(company, "25", tracks=False)
    warehouse = inventory.add_warehouse(company, {pencil: "10", notebook: "5"})
    return {"company": company, "pencil": pencil, "notebook": notebook, "service": service, "warehouse": warehouse}
