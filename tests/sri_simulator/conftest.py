"""One simulator process for these tests (no database or broker needed), and zeep clients on it."""
from __future__ import annotations

import pytest

from tests import harness
from tests.sri_simulator.client import SriClient
from tests.sri_simulator.signing import make_credentials

PROCESSING_DELAY = 0.6
SIM_TIMEOUT = 3.0


@pytest.fixture(scope="session")
def simulator(log_dir):
    env = {"SIM_PROCESSING_DELAY_SECONDS": str(PROCESSING_DELAY), "SIM_TIMEOUT_SECONDS": str(SIM_TIMEOUT),
           "SIM_FAULTS": "", "LOG_LEVEL": "INFO"}
    svc = harness.start_service("sri_simulator", env, log_dir=log_dir)
    yield svc
    svc.stop()


@pytest.fixture(scope="session")
async def sri(simulator):
    client = await SriClient(simulator.url).start()
    yield client
    await client.close()


@pytest.fixture(scope="session")
async def impatient(simulator):
    """A client that gives up after 1 s (the simulator's timeout fault sleeps longer)."""
    client = await SriClient(simulator.url, timeout=1).start()
    yield client
    await client.close()


@pytest.fixture
async def global_faults(sri):
    """Set a global fault spec for one test; cleared afterwards."""
    yield sri.set_faults
    await sri.set_faults("")


@pytest.fixture(scope="session")
def creds():
    return make_credentials()
