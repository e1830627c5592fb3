"""SRI-correct content decided by documents (pure): the line IVA values add up to the header per rate
(SRI.md "Decision (IVA, lines vs header)"), IVA rates by issue date, formaPago of a sale on credit."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from services.documents.domain import pricing, rules
from services.documents.domain.totals import CENT, LineInput, compute_totals, money, split_tax
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit


def test_the_sri_md_example_twenty_lines_of_three_cents():
    totals = compute_totals([LineInput(D("1"), D("0.03"), D("15"))] * 20)
    assert totals.by_rate[0].base == D("0.60") and totals.by_rate[0].tax == D("0.09") == totals.tax
    assert [t.tax for t in totals.lines].count(D("0.01")) == 9
    assert sum(t.tax for t in totals.lines) == D("0.09")


def test_the_remainder_goes_to_the_largest_fractions_first_line_on_a_tie():
    header, shares = split_tax([D("0.03"), D("0.05"), D("0.03")], D("15"))  # 0.0045, 0.0075, 0.0045
    assert (header, shares) == (D("0.02"), [D("0.01"), D("0.01"), D("0.00")])
    assert split_tax([D("10.00"), D("0.00")], D("15")) == (D("1.50"), [D("1.50"), D("0.00")])
    assert split_tax([D("3.33")] * 3, D("0")) == (D("0.00"), [D("0.00")] * 3)


def _random_line(rng: random.Random) -> LineInput:
    rate = rng.choice(["0", "5", "15", "12", "8"])
    quantity = D(rng.randint(1, 5000)) / D(rng.choice([1, 10, 1000]))
    price = D(rng.randint(0, 10**7)) / D(10**6)
    mode = rng.choice([None, "percent", "amount"])
    value = {None: D(0), "percent": D(rng.randint(0, 100)), "amount": D(0)}[mode]
    return LineInput(quantity, price, D(rate), mode, value)


@pytest.mark.parametrize("seed", range(300))
def test_property_lines_add_up_to_the_header_per_rate_each_within_a_cent(seed):
    rng = random.Random(seed)
    totals = compute_totals([_random_line(rng) for _ in range(rng.randint(1, 40))])
    for group in totals.by_rate:
        members = [t for t in totals.lines if (t.tax_code, t.tax_rate) == (group.code, group.rate)]
        assert sum(t.base for t in members) == group.base
        assert group.tax == money(group.base * group.rate / 100)
        assert sum(t.tax for t in members) == group.tax
        for t in members:
            assert abs(t.tax - t.base * t.tax_rate / 100) < CENT and t.tax == t.tax.quantize(CENT)
    assert totals.total == totals.subtotal + totals.tax


def test_check_rates_names_each_line_out_of_force():
    pricing.check_rates([D("15"), D("0"), D("5")], date(2024, 4, 1), {})
    with pytest.raises(Unprocessable) as exc:
        pricing.check_rates([D("15"), D("12"), D("8")], date(2024, 4, 1), {})
    assert set(exc.value.errors) == {"items.1.tax_rate", "items.2.tax_rate"}
    assert exc.value.errors["items.1.tax_rate"] == [
        "La tarifa de IVA 12% no está vigente al 01/04/2024. Tarifas vigentes: 0%, 5%, 15%."]
    pricing.check_rates([D("8"), D("13")], date(2024, 4, 1), {"enabled_iva_rates": [8, 13]})
    pricing.check_rates([D("12.00")], date(2024, 3, 31), {})
    with pytest.raises(Unprocessable) as exc:
        pricing.check_rates([D("15")], date(2024, 3, 31), {}, field="reasons")
    assert list(exc.value.errors) == ["reasons.0.tax_rate"]


def test_a_draft_issued_later_is_checked_on_its_new_date_a_note_keeps_its_invoice_rates():
    lines = [{"tax_rate": D("12")}]
    with pytest.raises(Unprocessable) as exc:
        pricing.check_draft_rates({"type": "invoice"}, lines, date(2024, 4, 1), {})
    assert list(exc.value.errors) == ["items.0.tax_rate"]
    pricing.check_draft_rates({"type": "invoice"}, lines, date(2024, 3, 31), {})
    for note in ("credit_note", "debit_note"):
        pricing.check_draft_rates({"type": note}, lines, date(2026, 4, 1), {})


def _body(**over):
    base = dict(register_initial_payment=True, initial_payment_amount=None, initial_payment_date=None,
                initial_payment_method="credito", initial_payment_reference=None, initial_payment_notes=None,
                due_date=None, due_days=30)
    return SimpleNamespace(**{**base, **over})


def test_a_sale_on_credit_registers_no_payment_and_needs_its_due_date():
    assert rules.initial_payment(_body(), D("46.00"), date(2026, 2, 22)) is None
    assert rules.initial_payment(_body(initial_payment_method="Venta a Crédito", due_days=None,
                                       due_date=date(2026, 3, 1)), D("46.00"), date(2026, 2, 22)) is None
    with pytest.raises(Unprocessable) as exc:
        rules.initial_payment(_body(due_days=None), D("46.00"), date(2026, 2, 22))
    assert list(exc.value.errors) == ["due_date"]


@pytest.mark.parametrize("total, paid, term, expected", [
    ("46.00", None, 30, [("01", "46.00", 30)]),
    ("1500.00", None, 45, [("20", "1500.00", 45)]),
    ("46.00", {"amount": "10.00", "method": "tarjeta de crédito"}, 30, [("19", "10.00", None), ("01", "36.00", 30)]),
    ("46.00", {"amount": "46.00", "method": "credito"}, 30, [("01", "46.00", 30)]),  # stored before: still credit
    ("46.00", {"amount": "46.00", "method": "transferencia"}, None, [("20", "46.00", None)]),
    ("46.00", None, 0, [("01", "46.00", None)]),
])
def test_payment_forms_send_the_method_used_and_the_credit_with_its_plazo(total, paid, term, expected):
    forms = rules.payment_forms(D(total), paid, term)
    assert [(f["method"], str(f["amount"]), f["term_days"]) for f in forms] == expected
    assert all(f["method"] != "19" for f in forms if f["term_days"])
