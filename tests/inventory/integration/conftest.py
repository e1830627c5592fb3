import random

import pytest


@pytest.fixture(scope="session")
def inventory(start_service):
    """One inventory process for the session (its own schema in the session's database)."""
    return start_service("inventory", DB_POOL_MAX="20")


@pytest.fixture
def company_id(inventory) -> int:
    """A fresh tenant per test, so tests never see each other's rows."""
    return random.randint(10**6, 2**31 - 1)
