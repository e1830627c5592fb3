from decimal import Decimal as D

import pytest

from services.inventory.domain import movements
from services.inventory.domain.movements import Entry, Line

pytestmark = pytest.mark.unit


def test_transfer_goes_out_of_the_source_and_into_the_target():
    entries = movements.plan_entries("transfer", 1, 2, [Line(10, D(3))])
    assert entries == [Entry(0, 1, 10, D(-3)), Entry(0, 2, 10, D(3))]
    assert movements.plan_entries("adjustment_in", 1, None, [Line(10, D(3))]) == [Entry(0, 1, 10, D(3))]
    assert movements.plan_entries("adjustment_out", 1, None, [Line(10, D(3))]) == [Entry(0, 1, 10, D(-3))]


def test_sales_go_out_returns_come_in_and_a_cancellation_reverses():
    sale = movements.plan_entries("sale", 1, None, [Line(7, D(2))])
    assert sale == [Entry(0, 1, 7, D(-2))]
    assert movements.plan_entries("return", 1, None, [Line(7, D(2))]) == [Entry(0, 1, 7, D(2))]
    assert movements.reverse(sale) == [Entry(0, 1, 7, D(2))]
    assert movements.reference("sale", 12) == "Venta, documento 12"


def test_lock_order_is_global_and_unique():
    entries = movements.plan_entries("transfer", 5, 2, [Line(9, D(1)), Line(3, D(1)), Line(9, D(1))])
    assert movements.lock_order(entries) == [(2, 3), (2, 9), (5, 3), (5, 9)]


def test_stock_never_goes_negative_and_the_failing_line_is_named():
    entries = movements.plan_entries("adjustment_out", 1, None, [Line(7, D(4)), Line(7, D(7)), Line(7, D(6))])
    after, errors = movements.apply_entries({(1, 7): D(10)}, entries)
    assert after == [D(6), D(6), D(0)]  # line 1 is refused, line 2 still fits what is left
    assert list(errors) == ["items.1.quantity"]
    assert "disponible 6.000" in errors["items.1.quantity"][0]
    assert movements.final_balances(entries, after) == {(1, 7): D(0)}


def test_missing_stock_row_counts_as_zero():
    _, errors = movements.apply_entries({}, movements.plan_entries("adjustment_out", 1, None, [Line(7, D("0.5"))]))
    assert list(errors) == ["items.0.quantity"]


def test_movement_header_rules():
    assert list(movements.movement_errors("transfer", 1, None)) == ["target_warehouse_id"]
    assert list(movements.movement_errors("transfer", 1, 1)) == ["target_warehouse_id"]
    assert movements.movement_errors("transfer", 1, 2) == {}
    assert movements.movement_errors("adjustment_in", 1, None) == {}
