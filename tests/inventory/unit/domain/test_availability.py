"""Stock for documents: availability messages and low stock."""
from decimal import Decimal

import pytest

from services.inventory.domain.availability import DocLine, low_stock, shortages
from services.inventory.domain.movements import Entry

pytestmark = pytest.mark.unit
D = Decimal
PRODUCTS = {7: {"code": "LAP-001", "name": "Lapiz HB"}, 8: {"code": "CUA-001", "name": "Cuaderno"}}


def test_shortage_names_the_line_with_what_is_available():
    errors = shortages([DocLine(3, 7, D(5))], {7: D(3)}, {}, PRODUCTS)
    assert errors == {"items.3.quantity": ["Stock insuficiente para LAP-001 Lapiz HB: disponible 3.000, "
                                           "solicitado 5.000."]}


def test_other_documents_holds_and_earlier_lines_reduce_what_is_available():
    lines = [DocLine(0, 7, D(2)), DocLine(1, 8, D(1)), DocLine(2, 7, D("1.5"))]
    errors = shortages(lines, {7: D(4), 8: D(1)}, {7: D(1)}, PRODUCTS)
    assert list(errors) == ["items.2.quantity"]
    assert "disponible 1.000, solicitado 1.500" in errors["items.2.quantity"][0]
    assert shortages(lines, {7: D("4.5"), 8: D(1)}, {7: D(1)}, PRODUCTS) == {}


def test_held_above_stock_shows_zero_available():
    errors = shortages([DocLine(0, 7, D(1))], {7: D(1)}, {7: D(2)}, PRODUCTS)
    assert "disponible 0.000" in errors["items.0.quantity"][0]


def test_low_stock_only_after_a_decrease_at_or_below_the_minimum():
    entries = [Entry(0, 1, 7, D(-2)), Entry(1, 1, 8, D(-1)), Entry(2, 2, 7, D(5))]
    after = [D(5), D(9), D(1)]
    assert low_stock(entries, after, {7: D(5), 8: D(3)}) == {(1, 7): D(5)}
    assert low_stock(entries, after, {7: None, 8: None}) == {}
