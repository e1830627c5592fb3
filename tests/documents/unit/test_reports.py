"""The reports' arithmetic without a database: the period, the signs of the document types, the
merging of groups, the IVA codes and the Formulario 104 lines; the answers' shape."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from services.documents.domain import reports, reports_taxes
from services.documents.handlers.reports import GROUP_CHOICES, report_scope
from services.documents.views import reports as views
from shared.contracts.rpc import Identity, RpcRequest, Unprocessable

pytestmark = pytest.mark.unit
TODAY = date(2026, 2, 17)


def errors_of(fn, *args) -> dict:
    with pytest.raises(Unprocessable) as exc:
        fn(*args)
    return exc.value.errors


def test_the_period_defaults_to_a_month_and_is_at_most_366_days():
    assert reports.period(None, None, TODAY) == (date(2026, 2, 1), date(2026, 2, 28))
    assert reports.period(date(2024, 2, 10), None, TODAY) == (date(2024, 2, 10), date(2024, 2, 29))
    assert reports.period(None, date(2026, 12, 5), TODAY) == (date(2026, 12, 1), date(2026, 12, 5))
    assert reports.period(date(2026, 3, 3), date(2026, 3, 3), TODAY) == (date(2026, 3, 3), date(2026, 3, 3))
    assert reports.period(date(2024, 1, 1), date(2024, 12, 31), TODAY)[1] == date(2024, 12, 31)  # 366 days
    assert reports.period(date(2025, 1, 1), date(2026, 1, 1), TODAY)[1] == date(2026, 1, 1)  # 366 days
    assert errors_of(reports.period, date(2025, 1, 1), date(2026, 1, 2), TODAY) == {
        "to": ["El período del reporte no puede superar 366 días."]}
    assert errors_of(reports.period, date(2026, 3, 2), date(2026, 3, 1), TODAY) == {
        "to": ["El campo to debe ser una fecha posterior o igual a from."]}


def test_the_query_is_read_with_a_422_per_parameter():
    def req(**query):
        return RpcRequest(method="reports.sales", identity=Identity(company_id=7), query=query)
    scope = report_scope(req(**{"from": "2026-01-01", "to": "2026-01-31", "sri_status": "authorized"}))
    assert (scope.company_id, scope.start, scope.end, scope.sri_status) == (7, date(2026, 1, 1),
                                                                            date(2026, 1, 31), "authorized")
    assert list(errors_of(report_scope, req(**{"from": "01/01/2026"}))) == ["from"]
    assert list(errors_of(report_scope, req(sri_status="aprobado"))) == ["sri_status"]
    assert set(GROUP_CHOICES) == {"day", "month", "customer", "product"}


def row(key, type_, documents, subtotal, tax, discount="0", tip="0", newest=1, **labels):
    subtotal, tax, tip = D(subtotal), D(tax), D(tip)
    return {"key": key, "type": type_, "documents": documents, "newest": newest, "subtotal": subtotal,
            "discount": D(discount), "tax": tax, "tip": tip, "total": subtotal + tax + tip, **labels}


def test_credit_notes_subtract_debit_notes_add_and_types_merge_per_key():
    rows = [row("2026-02-03", "credit_note", 1, "20.00", "3.00"),
            row("2026-02-03", "invoice", 2, "100.00", "12.00", discount="5.00", tip="1.50"),
            row("2026-02-04", "debit_note", 1, "10.00", "1.50")]
    day3, day4 = reports.groups(rows)
    assert (day3.key, day4.key) == ("2026-02-03", "2026-02-04")
    f = day3.figures
    assert (f.invoices, f.credit_notes, f.debit_notes, f.documents) == (2, 1, 0, 3)
    assert (f.subtotal, f.discount, f.tax, f.tip, f.total) == (D("80.00"), D("5.00"), D("9.00"), D("1.50"),
                                                               D("90.50"))
    total = reports.totals([day3, day4])
    assert (total.documents, total.subtotal, total.tax, total.total) == (4, D("90.00"), D("10.50"), D("102.00"))
    assert total.total == total.subtotal + total.tax + total.tip


def test_a_group_is_labelled_by_its_newest_document_and_sorted_by_total():
    rows = [row("2", "invoice", 1, "10.00", "1.50", newest=9, name="Ana Nueva", identification="0102"),
            row("2", "credit_note", 1, "10.00", "1.50", newest=4, name="Ana Vieja", identification="0102"),
            row("id:9999999999999", "invoice", 3, "30.00", "0.00", newest=5, name="CONSUMIDOR FINAL",
                identification="9999999999999"),
            row("5", "invoice", 1, "30.00", "0.00", newest=6, name="Bruno", identification="0105")]
    found = reports.groups(rows, ("name", "identification"))
    assert found[0].labels == {"name": "Ana Nueva", "identification": "0102"} and found[0].figures.total == 0
    ordered = reports.by_total(found, "name")
    assert [g.labels["name"] for g in ordered] == ["Bruno", "CONSUMIDOR FINAL", "Ana Nueva"]


def test_product_rows_carry_quantity_and_no_tip():
    rows = [{"key": "10", "type": "invoice", "documents": 2, "newest": 3, "quantity": D("5.000"),
             "subtotal": D("50.00"), "discount": D("2.00"), "tax": D("7.50"), "total": D("57.50"),
             "product_id": 10, "product_code": "P-10", "description": "Lapiz"},
            {"key": "10", "type": "credit_note", "documents": 1, "newest": 4, "quantity": D("1.000"),
             "subtotal": D("10.00"), "discount": D("0.40"), "tax": D("1.50"), "total": D("11.50"),
             "product_id": 10, "product_code": "P-10", "description": "Lápiz HB"}]
    [group] = reports.groups(rows, ("product_id", "product_code", "description"))
    f = group.figures
    assert (f.quantity, f.subtotal, f.discount, f.tax, f.tip, f.total) == (
        D("4.000"), D("40.00"), D("1.60"), D("6.00"), D("0.00"), D("46.00"))
    body = views.sales([group], reports.totals([group]), "product", date(2026, 2, 1), date(2026, 2, 28), None)
    assert body["data"] == [{"product_id": 10, "product_code": "P-10", "description": "Lápiz HB",
                             "documents": 3, "invoices": 2, "debit_notes": 0, "credit_notes": 1,
                             "quantity": "4.000", "subtotal": "40.0000", "discount": "1.6000", "tax": "6.0000",
                             "total": "46.0000"}]
    assert [c["key"] for c in body["columns"]] == [
        "product_id", "product_code", "description", "quantity", "invoices", "debit_notes", "credit_notes",
        "subtotal", "discount", "tax", "total"]
    assert body["meta"]["file_name"] == "reportes-ventas-2026-02-01-2026-02-28.csv"


def rate_row(code, rate, type_, documents, base, tax):
    return {"code": code, "rate": D(rate), "type": type_, "documents": documents, "base": D(base), "tax": D(tax)}


def test_rates_net_credit_notes_and_fill_the_form_lines():
    rows = [rate_row("4", "15", "invoice", 3, "200.00", "30.00"), rate_row("4", "15", "debit_note", 1, "10.00", "1.50"),
            rate_row("4", "15.00", "credit_note", 1, "40.00", "6.00"), rate_row("0", "0", "invoice", 2, "25.00", "0"),
            rate_row("5", "5", "invoice", 1, "80.00", "4.00"), rate_row("6", "0", "invoice", 1, "7.00", "0"),
            rate_row("7", "0", "invoice", 1, "3.00", "0"), rate_row("2", "12", "credit_note", 1, "10.00", "1.20")]
    found = reports_taxes.rates(rows)
    assert [(r.code, r.label) for r in found] == [("4", "IVA 15%"), ("2", "IVA 12%"), ("5", "IVA 5%"),
                                                  ("0", "IVA 0%"), ("6", "No objeto de IVA"), ("7", "Exento de IVA")]
    iva15 = found[0]
    assert (iva15.sales_documents, iva15.sales_base, iva15.sales_tax) == (4, D("210.00"), D("31.50"))
    assert (iva15.credit_documents, iva15.net_base, iva15.net_tax) == (1, D("170.00"), D("25.50"))
    total = reports_taxes.totals(found)
    assert (total.sales_base, total.credit_base, total.net_base, total.net_tax) == (
        D("325.00"), D("50.00"), D("275.00"), D("28.30"))
    form = {f.line.gross: f for f in reports_taxes.form_104(found)}
    assert list(form) == ["401", "410", "425", "403", "409", "431"]
    assert (form["401"].gross, form["401"].net, form["401"].tax) == (D("210.00"), D("160.00"), D("24.30"))
    assert (form["410"].gross, form["410"].net, form["410"].tax) == (D("0.00"), D("0.00"), D("0.00"))
    assert (form["425"].gross, form["425"].net, form["425"].tax) == (D("80.00"), D("80.00"), D("4.00"))
    assert (form["403"].gross, form["403"].net, form["403"].tax) == (D("25.00"), D("25.00"), None)
    assert (form["409"].gross, form["409"].net, form["409"].tax) == (D("315.00"), D("265.00"), D("28.30"))
    assert (form["431"].gross, form["431"].net, form["431"].tax) == (D("10.00"), D("10.00"), None)
    counts = {"sales": 8, "credit_notes": 2, "not_authorized": 0}
    body = views.taxes(found, total, list(form.values()), date(2026, 2, 1), date(2026, 2, 28), "authorized", counts)
    assert (body["totals"]["sales_documents"], body["totals"]["credit_documents"]) == (8, 2)
    assert body["data"][0]["form_104"] == "401/411/421" and body["data"][3]["form_104"] == "403/413"
    assert body["form_104"][0]["casilleros"] == {"gross": "401", "net": "411", "tax": "421"}
    assert body["form_104"][3]["tax"] is None and body["totals"]["net_tax"] == "28.3000"
    assert body["meta"]["file_name"] == "reportes-impuestos-2026-02-01-2026-02-28.csv"
    assert len(body["meta"]["notes"]) == 2
    warned = views.taxes(found, total, [], date(2026, 2, 1), date(2026, 2, 28), None, {**counts, "not_authorized": 3})
    assert warned["meta"]["not_authorized"] == 3 and "3 comprobante(s)" in warned["meta"]["notes"][-1]


def test_every_code_the_sri_knows_has_a_form_line():
    from shared.sri.catalogues import IVA_EXEMPTION_CODES, IVA_RATE_CODES
    for code in (*IVA_RATE_CODES.values(), *IVA_EXEMPTION_CODES.values()):
        assert reports_taxes.RateFigures(code, D(0)).form_line is not None, code
