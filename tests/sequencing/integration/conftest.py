import random

import pytest


@pytest.fixture(scope="session")
def sequencing(start_service):
    """One sequencing process for the session (its own schema in the session's database)."""
    return start_service("sequencing")


@pytest.fixture
def company_id(sequencing) -> int:
    """A fresh tenant per test, so tests never see each other's rows."""
    return random.randint(10**6, 2**31 - 1)
