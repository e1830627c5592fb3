from decimal import Decimal as D

import pytest

from services.inventory import domain
from services.inventory.domain import Entry, Line

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("rate,exemption,code", [
    ("0", None, "0"), ("5", None, "5"), ("12", None, "2"), ("13", None, "10"), ("14", None, "3"),
    ("15", None, "4"), ("15.0000", None, "4"), ("8", None, "8"), ("0", "no_objeto", "6"), ("0", "exento", "7"),
    ("7", None, None), ("15", "exento", None),
])
def test_iva_rates_map_to_sri_codes(rate, exemption, code):
    assert domain.iva_code(D(rate), exemption) == code


def test_tax_checks_and_defaults():
    assert domain.tax_errors(D(15), None) == {}
    assert list(domain.tax_errors(D(7), None)) == ["tax_rate"]
    assert list(domain.tax_errors(D(15), "exento")) == ["tax_exemption"]
    assert domain.tax_defaults({"tax_rate": None})["tax_rate"] == D(15)
    assert domain.tax_defaults({"tax_rate": None, "tax_exemption": "exento"})["tax_rate"] == D(0)


def test_transfer_goes_out_of_the_source_and_into_the_target():
    entries = domain.plan_entries("transfer", 1, 2, [Line(10, D(3))])
    assert entries == [Entry(0, 1, 10, D(-3)), Entry(0, 2, 10, D(3))]
    assert domain.plan_entries("adjustment_in", 1, None, [Line(10, D(3))]) == [Entry(0, 1, 10, D(3))]
    assert domain.plan_entries("adjustment_out", 1, None, [Line(10, D(3))]) == [Entry(0, 1, 10, D(-3))]


def test_lock_order_is_global_and_unique():
    entries = domain.plan_entries("transfer", 5, 2, [Line(9, D(1)), Line(3, D(1)), Line(9, D(1))])
    assert domain.lock_order(entries) == [(2, 3), (2, 9), (5, 3), (5, 9)]


def test_stock_never_goes_negative_and_the_failing_line_is_named():
    entries = domain.plan_entries("adjustment_out", 1, None, [Line(7, D(4)), Line(7, D(7)), Line(7, D(6))])
    after, errors = domain.apply_entries({(1, 7): D(10)}, entries)
    assert after == [D(6), D(6), D(0)]  # line 1 is refused, line 2 still fits what is left
    assert list(errors) == ["items.1.quantity"]
    assert "disponible 6.000" in errors["items.1.quantity"][0]


def test_missing_stock_row_counts_as_zero():
    _, errors = domain.apply_entries({}, domain.plan_entries("adjustment_out", 1, None, [Line(7, D("0.5"))]))
    assert list(errors) == ["items.0.quantity"]


def test_movement_header_rules():
    assert list(domain.movement_errors("transfer", 1, None)) == ["target_warehouse_id"]
    assert list(domain.movement_errors("transfer", 1, 1)) == ["target_warehouse_id"]
    assert domain.movement_errors("transfer", 1, 2) == {}
    assert domain.movement_errors("adjustment_in", 1, None) == {}
