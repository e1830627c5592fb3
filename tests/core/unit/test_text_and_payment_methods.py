"""shared.contracts.text (no control characters in free text) and shared.contracts.payment_methods
(the one table from our payment methods to the SRI's formaPago), on every request body that has them."""
from __future__ import annotations

import pytest
from pydantic import BaseModel

from shared.contracts.documents import CreditNoteIn, CustomerIn, DebitNoteIn, InvoiceIn
from shared.contracts.gateway import ApiKeyCreate, CompanyUpdate, UserCreate
from shared.contracts.inventory import MovementIn, ProductIn, WarehouseIn
from shared.contracts.payment_methods import ON_CREDIT, PAYMENT_METHODS, method_key, payment_form
from shared.contracts.rpc import Unprocessable
from shared.contracts.sequencing import EstablishmentIn, PointOfSaleChanges, PointOfSaleIn
from shared.contracts.sri import SriPayment
from shared.contracts.text import MultilineText, Text
from shared.rpc.validation import validate_body
from shared.sri.catalogues import PAYMENT_FORMS

pytestmark = pytest.mark.unit

INVOICE = {"warehouse_id": 1, "items": [{"product_id": 1, "quantity": 1}]}
MOVEMENT = {"type": "adjustment_in", "warehouse_id": 1, "items": [{"product_id": 1, "quantity": 1}]}
BAD = ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb", "a\x85b", "a\ud800b", "a\uffffb"]


class Sample(BaseModel):
    one: Text | None = None
    many: MultilineText | None = None


@pytest.mark.parametrize("value", BAD + ["a\nb", "a\tb", "a\rb", "a\u2028b"])
def test_one_line_text_rejects_control_characters_and_line_breaks(value):
    with pytest.raises(Unprocessable) as exc:
        validate_body(Sample, {"one": value})
    assert list(exc.value.errors) == ["one"]
    assert exc.value.errors["one"] == ["El campo one no puede contener caracteres de control (saltos de línea, "
                                       "tabuladores u otros caracteres no imprimibles)."]


@pytest.mark.parametrize("value", BAD)
def test_multiline_text_allows_only_tab_and_newline(value):
    with pytest.raises(Unprocessable) as exc:
        validate_body(Sample, {"many": value})
    assert "solo se permiten saltos de línea y tabuladores" in exc.value.errors["many"][0]
    assert validate_body(Sample, {"many": "línea 1\r\nlínea\t2", "one": "Ñandú «Quito» №5 😀"}).many


FIELDS = [  # (model, a body valid but for the field, field path)
    (InvoiceIn, INVOICE, "reference"), (InvoiceIn, INVOICE, "seller_name"),
    (InvoiceIn, INVOICE, "order_reference"), (InvoiceIn, INVOICE, "initial_payment_reference"),
    (InvoiceIn, INVOICE, "items.0.description"),
    (CreditNoteIn, {"source_document_id": 1, "items": [{"source_line_id": 1}]}, "reason"),
    (DebitNoteIn, {"source_document_id": 1}, "reasons.0.reason"),
    (CustomerIn, {"identification_type": "cedula"}, "name"),
    (CustomerIn, {"identification_type": "cedula"}, "address"),
    (CustomerIn, {"identification_type": "cedula"}, "phone"),
    (CustomerIn, {"identification_type": "cedula"}, "identification"),
    (ProductIn, {"code": "P", "name": "N", "price": 1}, "description"),
    (ProductIn, {"code": "P", "price": 1}, "name"), (ProductIn, {"name": "N", "price": 1}, "code"),
    (WarehouseIn, {"code": "B"}, "name"), (WarehouseIn, {"code": "B", "name": "N"}, "address"),
    (MovementIn, MOVEMENT, "reference"),
    (EstablishmentIn, {"code": "001"}, "name"), (EstablishmentIn, {"code": "001", "name": "M"}, "address"),
    (PointOfSaleIn, {"code": "001", "establishment_id": 1}, "name"), (PointOfSaleChanges, {}, "name"),
    (CompanyUpdate, {}, "legal_name"), (CompanyUpdate, {}, "trade_name"),
    (CompanyUpdate, {}, "address"), (ApiKeyCreate, {"scopes": ["sales:read"]}, "name"),
    (UserCreate, {"email": "a@b.co", "role": "seller"}, "name"),
]


def _with(body: dict, path: str, value: str) -> dict:
    if path == "reasons.0.reason":
        return {**body, "reasons": [{"reason": value, "amount": 1}]}
    if path == "items.0.description":
        return {**body, "items": [{"description": value, "quantity": 1, "unit_price": 1}]}
    return {**body, path: value}


@pytest.mark.parametrize("model, body, path", FIELDS, ids=[f"{m.__name__}.{p}" for m, _b, p in FIELDS])
def test_every_free_text_field_of_the_request_bodies_rejects_control_characters(model, body, path):
    with pytest.raises(Unprocessable) as exc:
        validate_body(model, _with(body, path, "Texto\x00 con control"))
    assert path in exc.value.errors
    with pytest.raises(Unprocessable) as exc:
        validate_body(model, _with(body, path, "dos\nlíneas"))
    assert path in exc.value.errors


@pytest.mark.parametrize("model, body", [(InvoiceIn, INVOICE), (MovementIn, MOVEMENT)])
def test_notes_keep_their_lines(model, body):
    assert validate_body(model, {**body, "notes": "Entregar en bodega\n\tpiso 2"}).notes == "Entregar en bodega\n\tpiso 2"
    with pytest.raises(Unprocessable) as exc:
        validate_body(model, {**body, "notes": "bell\x07"})
    assert "notes" in exc.value.errors


@pytest.mark.parametrize("name, code", [
    ("efectivo", "01"), ("Transferencia", "20"), ("Tarjeta de Crédito", "19"), ("tarjeta-debito", "16"),
    ("19", "19"), ("21", "21"), ("Cheque", "20"), ("Crédito", ON_CREDIT), ("venta a crédito", ON_CREDIT),
    ("bitcoin", None), ("02", None), ("", None), (None, None)])
def test_payment_methods_map_to_the_sri_table(name, code):
    assert payment_form(name) == code


def test_the_table_only_holds_sri_codes_and_credit_is_never_a_credit_card():
    assert set(PAYMENT_METHODS.values()) <= set(PAYMENT_FORMS) | {ON_CREDIT}
    assert payment_form("credito") == ON_CREDIT and payment_form("tarjeta_credito") == "19"
    assert all(method_key(k) == k for k in PAYMENT_METHODS)


def test_an_unknown_payment_method_is_a_422_on_its_field():
    with pytest.raises(Unprocessable) as exc:
        validate_body(InvoiceIn, {**INVOICE, "initial_payment_method": "bitcoin"})
    assert exc.value.errors["initial_payment_method"][0].startswith("La forma de pago bitcoin no es válida.")
    assert validate_body(InvoiceIn, {**INVOICE, "initial_payment_method": "Crédito"}).initial_payment_method == \
        "Crédito"


@pytest.mark.parametrize("code", ["00", "02", "10", "14", "22", "1"])
def test_the_sri_snapshot_accepts_only_payment_forms_of_tabla_24(code):
    with pytest.raises(ValueError):
        SriPayment(method=code, amount=1)
    assert [SriPayment(method=c, amount=1).method for c in PAYMENT_FORMS] == list(PAYMENT_FORMS)
