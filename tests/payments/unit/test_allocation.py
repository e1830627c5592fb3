"""The arithmetic and rules of a collection (domain/allocation.py), without servers."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from services.payments.domain import allocation
from services.payments.domain.allocation import Collection, allocate, check_request, payment_status
from shared.contracts.payments import PaymentIn
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit
ISSUED = date(2026, 2, 22)


def pay(amount="0", advance="0", mode=None, on=ISSUED) -> Collection:
    return Collection(payment_date=on, amount=D(amount), advance=D(advance), mode=mode)


def refused(fn, *args, **kw) -> dict:
    with pytest.raises(Unprocessable) as exc:
        fn(*args, **kw)
    return exc.value.errors


def test_the_published_scenario():
    """Total 46, paid 10 (balance 36), advance available 5: amount 40 + advance 5, mode advance."""
    c = pay("40", "5", "advance")
    check_request(c, issue_date=ISSUED, available_advance=D("5"))
    a = allocate(c, balance=D("36"), has_customer=True)
    assert a.applied_advance_amount == D("5") and a.direct_applied == D("31")
    assert a.excess_amount == D("9") and a.created_advance_amount == D("9") and a.tip_amount == 0
    assert a.balance_pending == 0 and a.applied_amount == D("36") and a.overpayment_mode == "advance"


def test_mode_tip_keeps_the_excess_as_a_tip_and_creates_no_advance():
    a = allocate(pay("40", mode="tip"), balance=D("36"), has_customer=False)
    assert (a.tip_amount, a.created_advance_amount, a.excess_amount, a.balance_pending) == (D("4"), 0, D("4"), 0)


def test_a_partial_payment_leaves_a_balance_and_needs_no_mode():
    a = allocate(pay("10.50", mode="tip"), balance=D("36"), has_customer=True)
    assert (a.direct_applied, a.excess_amount, a.balance_pending, a.overpayment_mode) == (D("10.50"), 0, D("25.50"),
                                                                                           None)


def test_several_methods_on_one_document_add_up():
    balance = D("46")
    for part in ("10", "20.25", "15.75"):
        balance = allocate(pay(part), balance=balance, has_customer=True).balance_pending
    assert balance == 0


def test_no_amount_and_no_advance_is_422():
    assert "amount" in refused(check_request, pay(), issue_date=ISSUED, available_advance=D("5"))


def test_an_advance_above_the_available_is_422():
    assert "apply_advance_amount" in refused(check_request, pay(advance="5.01"), issue_date=ISSUED,
                                             available_advance=D("5"))


def test_an_advance_above_the_balance_is_422():
    assert "apply_advance_amount" in refused(allocate, pay(advance="40"), balance=D("36"), has_customer=True)


def test_an_excess_without_mode_is_422_naming_the_excess():
    errors = refused(allocate, pay("40"), balance=D("36"), has_customer=True)
    assert "$4.00" in errors["overpayment_mode"][0]


def test_consumidor_final_cannot_get_an_advance():
    assert "overpayment_mode" in refused(allocate, pay("40", mode="advance"), balance=D("36"), has_customer=False)


def test_a_payment_date_before_the_issue_date_is_422():
    errors = refused(check_request, pay("1", on=date(2026, 2, 21)), issue_date=ISSUED, available_advance=D("0"))
    assert "2026-02-22" in errors["payment_date"][0]


@pytest.mark.parametrize("amount,reason", [("-1", "mayor o igual que 0"), ("1.234", "demasiados decimales"),
                                           ("abc", "debe ser un número"), ("1e13", "demasiados dígitos")])
def test_negative_or_more_than_two_decimals_is_422(amount, reason):
    errors = refused(validate_body, PaymentIn, {"document_id": 1, "payment_date": "2026-02-22", "amount": amount})
    assert reason in errors["amount"][0]


def test_the_body_requires_document_and_date_and_knows_the_modes_and_methods():
    errors = refused(validate_body, PaymentIn, {"overpayment_mode": "gift", "payment_method": "credito"})
    assert set(errors) == {"document_id", "payment_date", "overpayment_mode", "payment_method"}
    ok = validate_body(PaymentIn, {"document_id": 1, "payment_date": "2026-02-22", "amount": 40.5,
                                   "payment_method": "Tarjeta de Crédito"})
    assert ok.amount == D("40.5") and ok.payment_method == "Tarjeta de Crédito"


def test_payment_status():
    assert payment_status(D("46"), D("0"), D("46")) == "pending"
    assert payment_status(D("46"), D("10"), D("36")) == "partial"
    assert payment_status(D("46"), D("46"), D("0")) == "paid"
    assert payment_status(D("46"), D("0"), D("0")) == "paid"  # fully credited


def test_advances_are_taken_oldest_first():
    assert allocation.take_from_advances(D("7"), [(1, D("3")), (2, D("5")), (3, D("9"))]) == [(1, D("3")),
                                                                                           (2, D("4"))]
    assert allocation.take_from_advances(D("0"), [(1, D("3"))]) == []
