"""The real simulator and the real sri_submitter on a database and vhost of their own,
an RPC caller, a bus to publish commands and collect `sri.#` events, and a certified company."""
from __future__ import annotations

import base64
import random

import pytest

from services.sri_submitter.certificates import devcert
from shared.db.pool import create_pool
from tests import harness
from tests.sequencing.integration.bus import Bus
from tests.harness import drop_env, isolated_env, rpc_caller
from tests.sri_submitter.integration.support import Simulator, submitter_env
from tests.sri_submitter.snapshots import RUC

PASSWORD = "clave-ñ-de-prueba"


@pytest.fixture(scope="session")
async def sri_env(infra):
    name, env = await isolated_env(infra, "sri")
    yield env
    await drop_env(infra, name)


@pytest.fixture(scope="session")
def simulator(log_dir):
    sim = Simulator(log_dir, harness.free_port()).start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def production_simulator(log_dir):
    """A second simulator: the submitter's production endpoints (SRI_PRODUCTION_*)."""
    sim = Simulator(log_dir, harness.free_port()).start()
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def submitter(sri_env, simulator, production_simulator, start_service, tmp_path_factory):
    files = tmp_path_factory.mktemp("sri-files")
    svc = start_service("sri_submitter", **sri_env, **submitter_env(simulator, files, production=production_simulator))
    svc.files = files
    yield svc
    svc.stop()  # before sri_env's database and vhost go away


@pytest.fixture(scope="session")
async def sri_call(sri_env, submitter):
    """sri_call("submissions.get", company_id=..., body=..., path_params=..., query=...) -> RpcReply."""
    async with rpc_caller(sri_env["AMQP_URL"], "sri_submitter", "tests-sri") as call:
        yield call


@pytest.fixture(scope="session")
async def sri_db(sri_env, submitter):
    """A pool on sri_submitter's schema, to age rows the way time would."""
    pool = await create_pool(sri_env["DATABASE_URL"], "sri_submitter", max_size=2)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
async def bus(sri_env, submitter):
    bus = await Bus(sri_env["AMQP_URL"], ("sri.#",)).start()
    yield bus
    await bus.close()


def upload_body(p12: bytes, password: str = PASSWORD, ruc: str = RUC) -> dict:
    return {"p12_base64": base64.b64encode(p12).decode(), "password": password, "company_ruc": ruc}


@pytest.fixture(scope="session")
async def company(sri_call) -> int:
    """A company with a valid signing certificate for the snapshots' RUC."""
    company_id = random.randint(10**6, 2**31 - 1)
    reply = await sri_call("certificates.put", company_id=company_id,
                           body=upload_body(devcert.generate_p12(RUC, PASSWORD)))
    assert reply.status == 200, reply.body
    return company_id
