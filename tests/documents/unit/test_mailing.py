"""Who a document is mailed to, whether it may be, and the render_and_mail command (pure)."""
from __future__ import annotations

from datetime import date

import pytest

from services.documents.domain import mailing, rendering
from services.documents.domain.snapshot import SnapshotError
from shared.contracts.rpc import Conflict, Unprocessable
from tests.documents.unit.test_issuance import COMPANY, KEY, LINE, NOW, ROW

pytestmark = pytest.mark.unit
PERSON = {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo",
          "email": "cliente@example.com", "address": "Quito", "phone": None}
ORDER = {**ROW, "type": "sales_order", "number": 12, "process_state": "numbered", "sri_status": "not_applicable",
         "customer": PERSON, "due_date": date(2026, 3, 24), "reference": "  REF-1 ", "seller_name": "Ana",
         "notes": "Entrega\nen bodega", "order_reference": "OC-9"}
AUTHORIZED = {**ROW, "number": 120, "process_state": "numbered", "sri_status": "authorized", "customer": PERSON,
              "sri_access_key": KEY, "sri_authorization_number": KEY, "sri_authorized_at": NOW,
              "files": {"xml_path": "companies/5/a.xml"}}


@pytest.mark.parametrize("raw,expected", [
    (None, []), ("", []), ("  ", []),
    ("a@x.ec", ["a@x.ec"]),
    (" a@x.ec ; b@y.com,A@X.EC ,, ", ["a@x.ec", "b@y.com"]),  # trimmed, case-insensitive duplicates dropped
    ("no es correo; c@z.org; d@e", ["c@z.org"]),               # what is not an address is dropped
    (";".join(f"u{i}@x.ec" for i in range(12)), [f"u{i}@x.ec" for i in range(10)]),  # at most 10
])
def test_addresses(raw, expected):
    assert mailing.addresses(raw) == expected


def test_customer_recipients_none_for_consumidor_final():
    assert mailing.customer_recipients(PERSON) == ["cliente@example.com"]
    final = {**PERSON, "identification_type": "consumidor_final", "identification": "9999999999999"}
    assert mailing.customer_recipients(final) == []


@pytest.mark.parametrize("kind_sri,settings,customer,reason", [
    (True, {}, PERSON, None),
    (True, {"auto_email": True}, {**PERSON, "email": "a@x.ec, b@y.ec"}, None),
    (False, {}, PERSON, "los pedidos y cotizaciones se envían solo a pedido"),
    (True, {"auto_email": False}, PERSON, "envío automático desactivado"),
    (True, {}, {**PERSON, "identification_type": "consumidor_final"}, "consumidor final"),
    (True, {}, {**PERSON, "email": None}, "sin correo"),
    (True, {}, {**PERSON, "email": "sin-arroba"}, "sin correo"),
])
def test_skip_reason(kind_sri, settings, customer, reason):
    assert mailing.skip_reason(kind_sri, settings, customer) == reason


def test_resend_recipients():
    assert mailing.resend_recipients(PERSON, ["x@y.ec", "X@Y.ec", "z@y.ec"]) == ["x@y.ec", "z@y.ec"]
    assert mailing.resend_recipients(PERSON, None) == ["cliente@example.com"]
    with pytest.raises(Unprocessable) as exc:
        mailing.resend_recipients({**PERSON, "email": None}, None)
    assert list(exc.value.errors) == ["recipients"]


@pytest.mark.parametrize("changes,kind_sri,words", [
    ({"status": "draft"}, True, "borrador"),
    ({"status": "cancelled"}, False, "anulado"),
    ({"sri_status": "received", "mail_status": "pending"}, True, "se enviará automáticamente cuando lo esté"),
    ({"sri_status": "rejected", "mail_status": "pending"}, True, "aún no está autorizado por el SRI"),
    ({"sri_status": "received", "mail_status": "skipped"}, True, "podrá enviarse cuando lo esté"),
    ({"number": None, "sri_status": "not_applicable"}, False, "número"),
])
def test_what_cannot_be_mailed_is_409(changes, kind_sri, words):
    with pytest.raises(Conflict) as exc:
        mailing.check_mailable({**AUTHORIZED, **changes}, kind_sri)
    assert words in exc.value.message


def test_mailable():
    mailing.check_mailable(AUTHORIZED, True)
    mailing.check_mailable(ORDER, False)


def test_plain_document_is_built_like_the_snapshot():
    plain = rendering.plain_document(COMPANY, ORDER, [LINE])
    assert (plain.establishment, plain.emission_point) == ("001", "001")
    assert plain.issuer.ruc == "1792146739001" and plain.issuer.head_office_address == "Quito"
    assert plain.buyer.identification == "1710034065" and plain.buyer.email == "cliente@example.com"
    assert [(ln.code, ln.quantity, ln.subtotal) for ln in plain.lines] == [("LAP-001", LINE["quantity"], LINE["base"])]
    assert plain.totals.total == ROW["total"] and plain.tax_totals[0].base == ROW["subtotal"]
    assert (plain.due_date, plain.reference, plain.seller_name, plain.notes) == \
        (date(2026, 3, 24), "REF-1", "Ana", "Entrega\nen bodega")
    assert {(p.name, p.value) for p in plain.additional_info} == {
        ("Email", "cliente@example.com"), ("Direccion", "Quito"), ("Orden de compra", "OC-9")}


@pytest.mark.parametrize("company", [None, {**COMPANY, "address": "  "}])
def test_plain_document_without_the_company_data_is_a_snapshot_error(company):
    with pytest.raises(SnapshotError):
        rendering.plain_document(company, ORDER, [LINE])


def test_render_command_of_an_authorized_invoice():
    command = rendering.render_command(COMPANY, AUTHORIZED, [LINE], mail=True, recipients=["a@x.ec"])
    assert (command.document_type, command.display_number, command.issue_date) == \
        ("invoice", "001-001-000000120", ROW["issue_date"])
    assert command.snapshot.sequential == 120 and command.plain is None
    assert command.authorization.model_dump() == {"access_key": KEY, "authorization_number": KEY,
                                                  "authorized_at": NOW, "xml_path": "companies/5/a.xml"}
    assert (command.mail, command.request_id, command.recipients) == (True, "auto", ["a@x.ec"])


def test_render_command_of_a_sales_order_and_a_missing_authorization():
    command = rendering.render_command(COMPANY, ORDER, [LINE])
    assert command.plain is not None and command.snapshot is None and command.authorization is None
    assert (command.display_number, command.mail, command.recipients) == ("001-001-000000012", False, [])
    with pytest.raises(SnapshotError):
        rendering.render_command(COMPANY, {**AUTHORIZED, "sri_authorized_at": None}, [LINE])
