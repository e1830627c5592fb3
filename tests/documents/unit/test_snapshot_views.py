"""The SRI snapshot of numbered documents and the response shapes."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from services.documents.domain import snapshot
from services.documents.views import documents as views

pytestmark = pytest.mark.unit
COMPANY = {"ruc": "1792146739001", "legal_name": "Empresa Demo S.A.", "trade_name": "Demo", "address": "Quito",
           "settings": {"sri_environment": "test", "obligado_contabilidad": True, "regimen": "rimpe_emprendedor"}}
BUYER = {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente\nDemo",
         "email": "c@example.com", "address": "Av. 1", "phone": None}
LINE = {"product_code": "LAP-001", "description": "Lapiz HB", "unit": "u", "quantity": D("2.000000"),
        "unit_price": D("12.500000"), "discount_amount": D("0.00"), "base": D("25.00"), "tax_code": "4",
        "tax_rate": D("15.0000"), "tax_exemption": None, "tax_amount": D("3.75"), "id": 1, "product_id": 10,
        "credited_quantity": D("0"), "source_line_id": None}


def doc(**over):
    base = {"id": 120, "company_id": 5, "type": "invoice", "status": "issued", "issue_date": date(2026, 2, 22),
            "due_date": None, "series": "001-002", "number": 120, "customer": BUYER, "customer_id": 2,
            "establishment": {"establishment_address": "Av. Amazonas"}, "subtotal": D("25.00"), "discount": D("0.00"),
            "tax": D("3.75"), "tip": D("0.00"), "total": D("28.75"),
            "tax_totals": [{"code": "4", "rate": "15.0000", "exemption": None, "base": "25.00", "amount": "3.75"}],
            "initial_payment": None, "reason": None, "reference": "OC-7", "order_reference": None,
            "seller_name": None, "notes": None}
    return {**base, **over}


def test_invoice_snapshot_carries_issuer_buyer_lines_taxes_and_payments():
    cmd = snapshot.build(COMPANY, doc(), [LINE])
    assert (cmd.number, cmd.environment, cmd.document_type) == ("001-002-000000120", "test", "invoice")
    assert cmd.issuer.rimpe_legend == "CONTRIBUYENTE RÉGIMEN RIMPE" and cmd.issuer.obligado_contabilidad
    assert cmd.issuer.establishment_address == "Av. Amazonas" and cmd.buyer.name == "Cliente Demo"
    assert cmd.lines[0].taxes[0].percentage_code == "4" and cmd.lines[0].taxes[0].rate == D("15.00")
    assert [(p.method, p.amount) for p in cmd.payments] == [("01", D("28.75"))]
    assert [(i.name, i.value) for i in cmd.additional_info] == \
        [("Email", "c@example.com"), ("Direccion", "Av. 1"), ("Referencia", "OC-7")]


def test_credit_and_debit_note_snapshots_name_the_invoice():
    source = doc()
    credit = snapshot.build(COMPANY, doc(id=121, type="credit_note", number=1, reason="Devolución"), [LINE], source)
    assert credit.modified_document.number == "001-002-000000120" and credit.payments == []
    debit = snapshot.build(COMPANY, doc(id=122, type="debit_note", number=1), [
        {**LINE, "description": "Intereses"}], source)
    assert debit.lines == [] and debit.debit_reasons[0].reason == "Intereses"
    assert debit.debit_reasons[0].amount == D("25.00")


def test_incomplete_company_is_a_snapshot_error():
    with pytest.raises(snapshot.SnapshotError):
        snapshot.build(None, doc(), [LINE])
    for address in (None, "  "):  # dirMatriz is the company's, never the establishment's
        with pytest.raises(snapshot.SnapshotError, match="dirección matriz"):
            snapshot.build({**COMPANY, "address": address}, doc(), [LINE])


def test_json_numbers_and_strings():
    assert views.json_number(D("34.79")) == 34.79 and views.json_number(D("46.00")) == 46
    assert views.json_number(D("0.005")) == 0.01 and views.json_number(None) is None
    row = {**doc(), "sri_status": "pending", "payment_status": "pending"}
    assert views.list_item(row) == {"id": 120, "type": "invoice", "series": "001-002", "number": "000000120",
                                    "status": "issued", "sri_status": "pending", "payment_status": "pending",
                                    "total": "28.7500"}
    assert {k: v for k, v in views.item(LINE).items() if k in ("quantity", "unit_price", "tax_rate")} == \
        {"quantity": "2.000", "unit_price": "12.5000", "tax_rate": "15.0000"}
