"""A receivable's figures, state rules, credit notes, moved payments and reversals (pure)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.payments.domain import receivables as rules
from services.payments.domain.reversal import check_credit_cancellable, check_reversible
from services.payments.domain.unknown import unknown_document_error
from shared.contracts.rpc import Conflict

pytestmark = pytest.mark.unit


def row(**over):
    return {"document_id": 120, "display_number": "001-001-000000120", "status": "open", "closed_reason": None,
            "moved_to_document_id": None, "balance": D("36"), **over}


def conflict(fn, *args) -> str:
    with pytest.raises(Conflict) as exc:
        fn(*args)
    return exc.value.message


def test_figures_keep_the_balance_identity_and_never_go_below_zero():
    f = rules.figures(D("46"), D("10"), D("0"))
    assert (f.balance, f.payment_status) == (D("36"), "partial")
    with pytest.raises(ValueError):
        rules.figures(D("46"), D("40"), D("10"))


def test_a_cancelled_moved_or_paid_document_takes_no_payment():
    assert "anulado" in conflict(rules.check_collectable, row(status="closed", closed_reason="cancelled"))
    moved = conflict(rules.check_collectable, row(status="closed", closed_reason="moved", moved_to_document_id=130))
    assert "convertido" in moved and "130" in moved
    assert "saldo" in conflict(rules.check_collectable, row(balance=D("0")))
    rules.check_collectable(row())


def test_a_credit_note_credits_up_to_the_open_balance_and_the_rest_is_excess():
    assert rules.credit_split(D("20"), D("36")) == (D("20"), D("0"))
    assert rules.credit_split(D("50"), D("36")) == (D("36"), D("14"))
    assert rules.credit_split(D("5"), D("0")) == (D("0"), D("5"))


def test_moved_payments_keep_what_the_invoice_can_take_newest_give_back_the_surplus():
    moved = rules.move_payments([(1, D("10")), (2, D("20")), (3, D("5"))], D("25"))
    assert [(m.payment_id, m.applied_amount, m.surplus) for m in moved] == [
        (1, D("10"), D("0")), (2, D("15"), D("5")), (3, D("0"), D("5"))]
    assert all(m.surplus == 0 for m in rules.move_payments([(1, D("10"))], D("46")))


def test_a_payment_is_reversed_once_and_not_after_its_advance_was_used():
    applied = {"status": "applied"}
    check_reversible(applied, [{"amount": D("9"), "remaining": D("9"), "status": "active"}])
    assert "ya fue revertido" in conflict(check_reversible, {"status": "reversed"}, [])
    assert "$4.00" in conflict(check_reversible, applied, [{"amount": D("9"), "remaining": D("5"), "status": "active"}])


def test_a_credit_notes_advance_must_be_unused_to_cancel_it():
    check_credit_cancellable(None)
    check_credit_cancellable({"amount": D("14"), "remaining": D("14"), "status": "active"})
    assert "nota de crédito" in conflict(check_credit_cancellable,
                                         {"amount": D("14"), "remaining": D("4"), "status": "active"})


@pytest.mark.parametrize("status,body,code,words", [
    (None, None, 503, "verificar"), (500, {}, 503, "verificar"), (404, {}, 404, "Recurso"),
    (200, {"type": "invoice", "status": "draft"}, 409, "borrador"),
    (200, {"type": "invoice", "status": "cancelled"}, 409, "anulado"),
    (200, {"type": "quotation", "status": "issued"}, 409, "cotizaciones"),
    (200, {"type": "credit_note", "status": "issued"}, 409, "notas de crédito"),
    (200, {"type": "invoice", "status": "issued"}, 503, "registrando")])
def test_a_document_payments_does_not_know_is_explained_by_documents(status, body, code, words):
    error = unknown_document_error(status, body)
    assert error.status == code and words in error.message
