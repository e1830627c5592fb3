"""Pure sales-document rules: consumidor final cap, dates, conversion, cancel, payment forms."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from services.documents.domain import rules
from services.documents.domain.kinds import CREDIT_NOTE, DEBIT_NOTE, INVOICE, QUOTATION, SALES_ORDER
from shared.contracts.rpc import Conflict, Unprocessable

pytestmark = pytest.mark.unit
FINAL = rules.customer_snapshot(None)
KNOWN = {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo"}


def doc(**over):
    return {"id": 5, "type": "sales_order", "status": "issued", "converted_to_id": None, "number": 7,
            "sri_status": "pending", "credited_total": D("0"), "customer": KNOWN, **over}


def test_consumidor_final_is_the_sris():
    assert (FINAL["identification"], FINAL["name"], FINAL["identification_type"]) == \
        ("9999999999999", "CONSUMIDOR FINAL", "consumidor_final")


@pytest.mark.parametrize("total,ok", [("50.00", True), ("49.99", True), ("50.01", False), ("1000", False)])
def test_invoice_to_consumidor_final_is_capped_at_50(total, ok):
    if ok:
        rules.check_buyer(INVOICE, FINAL, D(total))
    else:
        with pytest.raises(Unprocessable) as exc:
            rules.check_buyer(INVOICE, FINAL, D(total))
        assert list(exc.value.errors) == ["customer_id"]
    rules.check_buyer(INVOICE, KNOWN, D(total))  # an identified buyer has no cap
    rules.check_buyer(SALES_ORDER, FINAL, D(total))  # not an SRI document


@pytest.mark.parametrize("kind", [CREDIT_NOTE, DEBIT_NOTE])
def test_notes_never_go_to_consumidor_final(kind):
    with pytest.raises(Unprocessable):
        rules.check_buyer(kind, FINAL, D("1"))


def test_due_date_from_days_and_never_before_issue():
    issue = date(2026, 2, 22)
    assert rules.due_date_of(issue, None, 30) == date(2026, 3, 24)
    assert rules.due_date_of(issue, date(2026, 3, 1), 30) == date(2026, 3, 1)
    assert rules.due_date_of(issue, None, None) is None
    with pytest.raises(Unprocessable) as exc:
        rules.due_date_of(issue, date(2026, 2, 21), None)
    assert list(exc.value.errors) == ["due_date"]


def test_conversion_once_from_orders_and_quotations():
    rules.check_conversion(doc(), "invoice")
    rules.check_conversion(doc(type="quotation"), "sales_order")
    with pytest.raises(Conflict):
        rules.check_conversion(doc(converted_to_id=9), "invoice")
    with pytest.raises(Conflict):
        rules.check_conversion(doc(status="cancelled"), "invoice")
    for bad in (None, doc(type="invoice"), doc(type="sales_order")):
        with pytest.raises(Unprocessable) as exc:
            rules.check_conversion(bad, "sales_order" if bad and bad["type"] == "sales_order" else "invoice")
        assert list(exc.value.errors) == ["source_document_id"]
    assert QUOTATION.type in rules.CONVERSIONS


def test_note_source_must_be_an_issued_numbered_identified_invoice():
    rules.check_note_source(doc(type="invoice", sri_status="authorized"), CREDIT_NOTE)
    for status in ("pending", "sending", "received", "rejected", "error"):  # only an authorized invoice
        with pytest.raises(Conflict, match="autorizada por el SRI"):
            rules.check_note_source(doc(type="invoice", sri_status=status), DEBIT_NOTE)
    with pytest.raises(Unprocessable):
        rules.check_note_source(doc(type="sales_order"), CREDIT_NOTE)
    with pytest.raises(Conflict):
        rules.check_note_source(doc(type="invoice", status="cancelled"), CREDIT_NOTE)
    with pytest.raises(Conflict):
        rules.check_note_source(doc(type="invoice", number=None), DEBIT_NOTE)
    with pytest.raises(Unprocessable):
        rules.check_note_source(doc(type="invoice", customer=FINAL), CREDIT_NOTE)


@pytest.mark.parametrize("over,reason", [
    ({"sri_status": "authorized"}, "autorizó"), ({"sri_status": "received"}, "autorizando"),
    ({"status": "cancelled"}, "ya está anulado"), ({"credited_total": D("1")}, "notas de crédito")])
def test_cancel_conflicts_carry_the_reason(over, reason):
    with pytest.raises(Conflict) as exc:
        rules.check_cancel(doc(**over))
    assert reason in exc.value.message
    rules.check_cancel(doc(sri_status="rejected"))


def test_initial_payment_defaults_and_limit():
    body = SimpleNamespace(register_initial_payment=True, initial_payment_amount=None, initial_payment_date=None,
                           initial_payment_method="transferencia", initial_payment_reference="T-1",
                           initial_payment_notes=None)
    paid = rules.initial_payment(body, D("46.00"), date(2026, 2, 22))
    assert paid == {"amount": "46.00", "date": "2026-02-22", "method": "transferencia", "reference": "T-1",
                    "notes": None}
    with pytest.raises(Unprocessable):
        rules.initial_payment(SimpleNamespace(**{**vars(body), "initial_payment_amount": D("47")}), D("46"),
                              date(2026, 2, 22))
    assert rules.initial_payment(SimpleNamespace(register_initial_payment=False), D("1"), date.today()) is None


def test_initial_payment_is_never_dated_before_the_document():
    """The rule POST /payments applies: 422 on initial_payment_date, with payments' wording."""
    body = SimpleNamespace(register_initial_payment=True, initial_payment_amount=D("10"),
                           initial_payment_date=date(2026, 2, 21), initial_payment_method="efectivo",
                           initial_payment_reference=None, initial_payment_notes=None)
    with pytest.raises(Unprocessable) as exc:
        rules.initial_payment(body, D("46"), date(2026, 2, 22))
    assert exc.value.errors == {"initial_payment_date": [
        "La fecha de pago no puede ser anterior a la fecha de emisión del documento (2026-02-22)."]}
    same_day = SimpleNamespace(**{**vars(body), "initial_payment_date": date(2026, 2, 22)})
    assert rules.initial_payment(same_day, D("46"), date(2026, 2, 22))["date"] == "2026-02-22"
    assert rules.initial_payment_redated(None, date(2026, 3, 1)) == {}


@pytest.mark.parametrize("method,amount,code", [
    ("efectivo", "10", "01"), ("Transferencia", "10", "20"), ("Tarjeta de Crédito", "10", "19"),
    ("tarjeta_credito", "10", "19"), ("tarjeta-debito", "5", "16"), ("19", "5", "19"), (None, "999", "01"),
    (None, "1000.01", "20"), ("bitcoin", "5", "01")])
def test_sri_payment_codes(method, amount, code):
    assert rules.sri_payment_code(method, D(amount)) == code


def test_payment_forms_split_the_initial_payment_and_the_credit():
    assert rules.payment_forms(D("46.00"), None, None) == [{"method": "01", "amount": D("46.00"), "term_days": None}]
    forms = rules.payment_forms(D("46.00"), {"amount": "10.00", "method": "tarjeta"}, 30)
    assert forms == [{"method": "19", "amount": D("10.00"), "term_days": None},
                     {"method": "01", "amount": D("36.00"), "term_days": 30}]
    assert len(rules.payment_forms(D("46.00"), {"amount": "46.00", "method": "efectivo"}, 30)) == 1
