"""Lines from items and products, totals on them, and what is left to credit."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.documents.domain import credits, pricing
from shared.contracts.documents import CreditItemIn, ItemIn
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit
PRODUCTS = {10: pricing.product_of({"id": 10, "code": "LAP-001", "name": "Lapiz HB", "price": "12.5000",
                                    "tax_rate": "15.0000", "tax_exemption": None, "tracks_stock": True, "unit": "u"}),
            11: pricing.product_of({"id": 11, "code": "SRV-1", "name": "Servicio", "price": "10", "tax_rate": "0",
                                    "tax_exemption": "exento", "tracks_stock": False, "unit": None})}


def items(*raw) -> list[ItemIn]:
    return [ItemIn.model_validate(r) for r in raw]


def test_product_defaults_and_free_text_lines():
    lines = pricing.draft_lines(items({"product_id": 10, "quantity": 2}, {"product_id": 11, "quantity": 1},
                                      {"description": "Flete", "quantity": 1, "unit_price": "3.5", "tax_rate": 5}),
                                PRODUCTS)
    assert [(ln.description, ln.unit_price, ln.tax_rate, ln.tax_exemption, ln.tracks_stock) for ln in lines] == [
        ("Lapiz HB", D("12.5"), D("15"), None, True), ("Servicio", D("10"), D("0"), "exento", False),
        ("Flete", D("3.5"), D("5"), None, False)]
    totals = pricing.totals_of(lines)
    assert (totals.subtotal, totals.tax, totals.total) == (D("38.50"), D("3.93"), D("42.43"))
    rows = pricing.line_rows(lines, totals)
    assert [r["tax_code"] for r in rows] == ["4", "7", "5"] and rows[0]["base"] == D("25.00")
    assert pricing.stock_lines(rows) == [{"line": 0, "product_id": 10, "quantity": D("2")}]
    assert [t["code"] for t in pricing.tax_totals(totals, lines)] == ["4", "5", "7"]


def test_item_overrides_and_legacy_discount_rate():
    [line] = pricing.draft_lines(items({"product_id": 10, "quantity": 3, "unit_price": "10", "tax_rate": 0,
                                        "discount_rate": 10}), PRODUCTS)
    assert (line.unit_price, line.tax_rate, line.discount_mode, line.discount_value) == \
        (D("10"), D("0"), "percent", D("10"))
    assert pricing.totals_of([line]).total == D("27.00")


@pytest.mark.parametrize("raw,path", [
    ({"product_id": 99, "quantity": 1}, "items.0.product_id"),
    ({"quantity": 1, "unit_price": 1}, "items.0.description"),
    ({"description": "Libre", "quantity": 1}, "items.0.unit_price"),
    ({"product_id": 10, "quantity": 1, "discount_value": 1}, "items.0.discount_mode"),
])
def test_line_errors_name_the_field(raw, path):
    with pytest.raises(Unprocessable) as exc:
        pricing.draft_lines(items(raw), PRODUCTS)
    assert path in exc.value.errors


@pytest.mark.parametrize("raw,path", [
    ({"product_id": 10, "quantity": 1, "tax_rate": 7}, "items.0.tax_rate"),
    ({"product_id": 10, "quantity": 2, "discount_mode": "amount", "discount_value": "25.01"}, "items.0.discount_value"),
    ({"product_id": 10, "quantity": 1, "discount_mode": "percent", "discount_value": "101"}, "items.0.discount_value"),
])
def test_totals_errors_name_the_line(raw, path):
    lines = pricing.draft_lines(items(raw), PRODUCTS)
    with pytest.raises(Unprocessable) as exc:
        pricing.totals_of(lines)
    assert list(exc.value.errors) == [path]


def source_line(**over):
    base = {"id": 1, "quantity": D("3"), "unit_price": D("1.005"), "discount_amount": D("0"), "base": D("3.02"),
            "credited_quantity": D("0"), "credited_base": D("0"), "tax_rate": D("15"), "tax_exemption": None,
            "product_id": 10, "product_code": "LAP-001", "unit": "u", "tracks_stock": True, "description": "Lapiz"}
    return {**base, **over}


def credit(*raw) -> list[CreditItemIn]:
    return [CreditItemIn.model_validate(r) for r in raw]


def test_credit_defaults_to_what_is_left_and_absorbs_rounding():
    [line] = credits.credit_lines(credit({"source_line_id": 1}), [source_line()])
    assert line.quantity == D("3") and pricing.totals_of([line]).subtotal == D("3.02")
    partial = source_line(credited_quantity=D("2"), credited_base=D("2.02"))  # two credits of 1.01 before
    [last] = credits.credit_lines(credit({"source_line_id": 1}), [partial])
    assert pricing.totals_of([last]).subtotal == D("1.00")  # not 1.01: the line is never over-credited


def test_credit_limits_per_line():
    with pytest.raises(Unprocessable) as exc:
        credits.credit_lines(credit({"source_line_id": 1, "quantity": 2}, {"source_line_id": 1, "quantity": 2},
                                    {"source_line_id": 7, "quantity": 1}, {"source_line_id": 1, "unit_price": 2}),
                             [source_line(quantity=D("3"), unit_price=D("1"), base=D("3.00"))])
    assert set(exc.value.errors) == {"items.1.quantity", "items.2.source_line_id", "items.3.unit_price"}
    with pytest.raises(Unprocessable) as exc:
        credits.credit_lines(credit({"source_line_id": 1, "unit_price": 5}), [source_line()])
    assert list(exc.value.errors) == ["items.0.unit_price"]


def test_credit_keeps_the_invoice_discount_proportionally():
    src = source_line(quantity=D("4"), unit_price=D("10"), discount_amount=D("8.00"), base=D("32.00"))
    [line] = credits.credit_lines(credit({"source_line_id": 1, "quantity": 1}), [src])
    assert pricing.totals_of([line]).subtotal == D("8.00")


def test_credit_total_cannot_pass_the_invoice_total():
    credits.check_credit_total({"total": D("46.00"), "credited_total": D("40.00")}, D("6.00"))
    with pytest.raises(Unprocessable):
        credits.check_credit_total({"total": D("46.00"), "credited_total": D("40.00")}, D("6.01"))
    rows = [{"source_line_id": 1, "quantity": D("2"), "base": D("5.00")}, {"source_line_id": None}]
    assert credits.credited_by_line(rows, sign=-1) == [(1, D("-2"), D("-5.00"))]
