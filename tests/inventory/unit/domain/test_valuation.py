from decimal import Decimal as D

import pytest

from services.inventory.domain.valuation import unit_cost, value

pytestmark = pytest.mark.unit


def test_valuation_rounds_half_up_to_four_decimals():
    assert unit_cost(D("0.35")) == D("0.3500")
    assert unit_cost(D("0.333335")) == D("0.3333") and unit_cost(D("0.33335")) == D("0.3334")
    assert unit_cost(None) == D("0.0000")
    assert value(D("3"), D("0.3333")) == D("0.9999")
