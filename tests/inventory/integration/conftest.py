import random

import asyncpg
import pytest

from tests.sequencing.integration.bus import Bus


@pytest.fixture(scope="session")
def inventory(start_service):
    """One inventory process for the session (its own schema in the session's database)."""
    return start_service("inventory", DB_POOL_MAX="20", RESERVATION_SWEEP_SECONDS="0.5")


@pytest.fixture
def company_id(inventory) -> int:
    """A fresh tenant per test, so tests never see each other's rows."""
    return random.randint(10**6, 2**31 - 1)


@pytest.fixture(scope="session")
async def inventory_bus(amqp_url, inventory):
    """Publishes documents' events; collects what inventory publishes."""
    bus = await Bus(amqp_url, ("inventory.stock_applied.v1", "inventory.stock_low.v1")).start()
    yield bus
    await bus.close()


@pytest.fixture
def sql(database_url):
    """sql(query, *args) -> rows, on the session's database (inventory's tables are `inventory.*`)."""
    async def run(query: str, *args):
        conn = await asyncpg.connect(database_url)
        try:
            return await conn.fetch(query, *args)
        finally:
            await conn.close()
    return run
