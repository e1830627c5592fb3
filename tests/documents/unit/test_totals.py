"""Totals on a table of tricky invoices (SRI rules, Decimal, half-up to the cent)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.documents.domain.totals import LineInput, TotalsError, compute_totals, iva_code

pytestmark = pytest.mark.unit


def L(q, p, rate="15", mode=None, value="0", kind=None):
    return LineInput(D(q), D(p), D(rate), mode, D(value), kind)


CASES = [
    # (lines, tip) -> (subtotal, discount, tax, total)
    ("one line 15%", [L("2", "12.5")], "0", ("25.00", "0.00", "3.75", "28.75")),
    ("mixed 0/5/15", [L("1", "10", "0"), L("3", "3.333333", "5"), L("1", "20", "15")], "0",
     ("40.00", "0.00", "3.50", "43.50")),
    ("percent discount rounds half-up", [L("1", "10.05", "15", "percent", "50")], "0",
     ("5.02", "5.03", "0.75", "5.77")),
    ("amount discount is for the whole line", [L("3", "10", "15", "amount", "4.5")], "0",
     ("25.50", "4.50", "3.83", "29.33")),
    ("tax rounds at .005 on the rate base", [L("1", "0.03", "15"), L("1", "0.04", "15")], "0",
     ("0.07", "0.00", "0.01", "0.08")),
    ("six-decimal unit price", [L("7", "1.123456", "15")], "0", ("7.86", "0.00", "1.18", "9.04")),
    ("base .005 rounds up", [L("1", "1.005", "0")], "0", ("1.01", "0.00", "0.00", "1.01")),
    ("IVA .005 rounds half-up, not to even", [L("1", "0.50", "5"), L("1", "1.10", "15")], "0",
     ("1.60", "0.00", "0.20", "1.80")),
    ("IVA on the rate's rounded base, not per line", [L("1", "0.10", "15")] * 3, "0",
     ("0.30", "0.00", "0.05", "0.35")),
    ("header from rounded line bases", [L("1", "0.005", "0"), L("1", "0.005", "0")], "0",
     ("0.02", "0.00", "0.00", "0.02")),
    ("six decimals, 3-decimal quantity, amount discount at .005", [L("2.5", "1.234567", "15", "amount", "0.005")],
     "0", ("3.08", "0.01", "0.46", "3.54")),
    ("mixed 0/5/15 with both discount modes and six-decimal prices",
     [L("3", "2.345678", "15", "percent", "10"), L("1.5", "4.999999", "5", "amount", "0.5"),
      L("2", "0.333333", "0")], "0", ("14.01", "1.20", "1.30", "15.31")),
    ("tip within 10%", [L("1", "100", "15")], "10", ("100.00", "0.00", "15.00", "125.00")),
    ("no objeto and exento", [L("1", "10", "0", kind="no_objeto"), L("1", "5", "0", kind="exento")], "0",
     ("15.00", "0.00", "0.00", "15.00")),
]


@pytest.mark.parametrize("name,lines,tip,expected", CASES, ids=[c[0] for c in CASES])
def test_totals_table(name, lines, tip, expected):
    t = compute_totals(lines, D(tip))
    assert tuple(str(x) for x in (t.subtotal, t.discount, t.tax, t.total)) == expected
    assert t.total == t.subtotal + t.tax + t.tip
    assert sum(r.base for r in t.by_rate) == t.subtotal


def test_one_group_per_rate_in_sri_code_order():
    t = compute_totals([L("1", "1", "15"), L("1", "2", "0"), L("1", "3", "15"), L("1", "4", "5")])
    assert [(r.code, str(r.base)) for r in t.by_rate] == [("0", "2.00"), ("4", "4.00"), ("5", "4.00")]


@pytest.mark.parametrize("rate,code", [("0", "0"), ("12", "2"), ("14", "3"), ("15", "4"), ("15.00", "4"),
                                       ("5", "5"), ("8", "8"), ("13", "10")])
def test_iva_codes(rate, code):
    assert iva_code(D(rate)) == code


@pytest.mark.parametrize("line,field", [
    (L("0", "1"), "items.1.quantity"),
    (L("1", "-1"), "items.1.unit_price"),
    (L("1", "1", "16"), "items.1.tax_rate"),
    (L("1", "10", "15", "amount", "10.01"), "items.1.discount_value"),
    (L("1", "10", "15", "percent", "101"), "items.1.discount_value"),
    (L("1", "10", "15", "bogus", "1"), "items.1.discount_mode"),
    (L("1", "10", "5", kind="exento"), "items.1.tax_rate"),
])
def test_bad_lines_name_the_field(line, field):
    with pytest.raises(TotalsError) as exc:
        compute_totals([L("1", "1"), line])
    assert exc.value.field == field


def test_tip_above_ten_percent_is_rejected():
    with pytest.raises(TotalsError) as exc:
        compute_totals([L("1", "100")], D("10.01"))
    assert exc.value.field == "tip"
