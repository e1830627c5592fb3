"""Request bodies of the sales documents: every field's 422 names its path."""
from __future__ import annotations

from decimal import Decimal

import pytest

from shared.contracts.documents import CreditNoteIn, DebitNoteIn, InvoiceIn, SalesDocumentIn
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit
GOOD = {"warehouse_id": 1, "items": [{"product_id": 10, "quantity": 2}]}


def errors_of(model, body) -> dict:
    with pytest.raises(Unprocessable) as exc:
        validate_body(model, body)
    return exc.value.errors


def test_a_minimal_invoice_takes_the_published_defaults():
    body = validate_body(InvoiceIn, GOOD)
    assert (body.submit_mode, body.currency, body.delivered, body.register_initial_payment) == \
        ("issued", "USD", False, False)
    assert body.items[0].quantity == Decimal("2") and body.number is None


@pytest.mark.parametrize("change,path", [
    ({"items": None}, "items"),
    ({"items": []}, "items"),
    ({"warehouse_id": None}, "warehouse_id"),
    ({"warehouse_id": "abc"}, "warehouse_id"),
    ({"customer_id": 0}, "customer_id"),
    ({"items": [{"product_id": 1, "quantity": 0}]}, "items.0.quantity"),
    ({"items": [{"product_id": 1, "quantity": -1}]}, "items.0.quantity"),
    ({"items": [{"product_id": 1}]}, "items.0.quantity"),
    ({"items": [{"product_id": 1, "quantity": "1.1234567"}]}, "items.0.quantity"),
    ({"items": [{"product_id": 1, "quantity": 1, "unit_price": -1}]}, "items.0.unit_price"),
    ({"items": [{"product_id": 1, "quantity": 1, "tax_rate": 101}]}, "items.0.tax_rate"),
    ({"items": [{"product_id": 1, "quantity": 1, "discount_mode": "fixed"}]}, "items.0.discount_mode"),
    ({"items": [{"product_id": 1, "quantity": 1, "discount_rate": 150}]}, "items.0.discount_rate"),
    ({"items": [{"product_id": "x", "quantity": 1}]}, "items.0.product_id"),
    ({"issue_date": "2026-02-30"}, "issue_date"),
    ({"due_date": "mañana"}, "due_date"),
    ({"due_days": -1}, "due_days"),
    ({"series": "1-1"}, "series"),
    ({"number": "12345678901"}, "number"),
    ({"number": "abc"}, "number"),
    ({"number": "0"}, "number"),
    ({"submit_mode": "sent"}, "submit_mode"),
    ({"currency": "usd"}, "currency"),
    ({"delivered": "quizas"}, "delivered"),
    ({"initial_payment_amount": 0}, "initial_payment_amount"),
    ({"initial_payment_amount": -5}, "initial_payment_amount"),
    ({"initial_payment_amount": "10.005"}, "initial_payment_amount"),
    ({"initial_payment_date": "ayer"}, "initial_payment_date"),
    ({"reference": "x" * 301}, "reference"),
])
def test_bad_invoice_fields_are_422_on_their_path(change, path):
    errors = errors_of(InvoiceIn, {**GOOD, **change})
    assert path in errors, errors
    assert all(reason.endswith(".") for reason in errors[path])


def test_manual_number_accepts_padded_text_and_integers():
    assert validate_body(InvoiceIn, {**GOOD, "number": "000000123"}).number == 123
    assert validate_body(InvoiceIn, {**GOOD, "number": 7}).number == 7


def test_sales_orders_and_quotations_need_no_warehouse():
    assert validate_body(SalesDocumentIn, {"items": [{"description": "Servicio", "quantity": 1}]}).warehouse_id is None


def test_credit_and_debit_notes():
    assert "source_document_id" in errors_of(CreditNoteIn, {"reason": "x", "items": [{"source_line_id": 1}]})
    assert "reason" in errors_of(CreditNoteIn, {"source_document_id": 1, "reason": " ",
                                                "items": [{"source_line_id": 1}]})
    assert "items.0.source_line_id" in errors_of(CreditNoteIn, {"source_document_id": 1, "reason": "x",
                                                                "items": [{"quantity": 1}]})
    note = validate_body(DebitNoteIn, {"source_document_id": 1, "reasons": [{"reason": "Interés", "amount": "5.5"}]})
    assert note.tax_rate is None and note.reasons[0].amount == Decimal("5.5")  # default: the invoice date's rate
    assert "reasons.0.amount" in errors_of(DebitNoteIn, {"source_document_id": 1,
                                                         "reasons": [{"reason": "x", "amount": "1.001"}]})
