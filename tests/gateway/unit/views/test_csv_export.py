"""CSV of the report routes: when it is chosen, and how a report body becomes CSV text."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from services.gateway.errors import ApiError
from services.gateway.routes import FORWARDS
from services.gateway.views.csv_export import cell, file_name, render, wants_csv
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit
BODY = {
    "columns": [{"key": "date", "label": "Fecha"}, {"key": "credit_notes", "label": "Notas de crédito"},
                {"key": "total", "label": "Total"}],
    "data": [{"date": "2026-11-03", "credit_notes": 1, "total": "-14.3800", "ignored": "x"},
             {"date": "2026-11-04", "credit_notes": 0, "total": None}],
    "totals": {"credit_notes": 1, "total": "-14.3800"},
    "meta": {"file_name": "reportes-ventas-2026-11-01-2026-11-30.csv"},
}


@pytest.mark.parametrize(("query", "accept", "expected"), [
    ({}, "", False), ({}, "*/*", False), ({}, "application/json", False),
    ({}, "text/csv", True), ({}, "text/csv, */*;q=0.1", True), ({}, "TEXT/CSV; charset=utf-8", True),
    ({}, "application/json, text/csv", False),  # a tie keeps JSON
    ({}, "application/json;q=0.5, text/csv", True), ({}, "text/csv;q=0", False), ({}, "text/csv;q=abc", False),
    ({"format": "csv"}, "application/json", True), ({"format": " CSV "}, "", True),
    ({"format": "json"}, "text/csv", False), ({"format": ""}, "text/csv", True),
])
def test_format_or_accept_choose_csv(query, accept, expected):
    assert wants_csv(query, accept) is expected


def test_an_unknown_format_is_a_422_on_format():
    with pytest.raises(Unprocessable) as exc:
        wants_csv({"format": "xlsx"}, "")
    assert exc.value.errors == {"format": ["El valor del campo format no es válido. Valores permitidos: csv, json."]}


def test_render_writes_labels_rows_and_the_totals_row_with_a_bom_and_crlf():
    text = render(BODY)
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    assert text[1:].split("\r\n") == ["Fecha,Notas de crédito,Total", "2026-11-03,1,-14.3800", "2026-11-04,0,",
                                      "Total,1,-14.3800", ""]
    assert list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig")))) == [
        ["Fecha", "Notas de crédito", "Total"], ["2026-11-03", "1", "-14.3800"], ["2026-11-04", "0", ""],
        ["Total", "1", "-14.3800"]]
    no_totals = render({**BODY, "totals": None, "data": []})
    assert no_totals == "\ufeffFecha,Notas de crédito,Total\r\n"


def test_cells_quote_commas_and_quotes_and_defuse_formulas():
    body = {"columns": [{"key": "name", "label": "Cliente"}],
            "data": [{"name": 'Pérez, "Don" José'}, {"name": "=HYPERLINK(\"x\")"}, {"name": "+A1+B1"},
                     {"name": "@SUM(A1)"}, {"name": "-"}], "totals": {"name": "TOTAL GENERAL"}}
    rows = list(csv.reader(io.StringIO(render(body)[1:])))
    assert rows == [["Cliente"], ['Pérez, "Don" José'], ["'=HYPERLINK(\"x\")"], ["'+A1+B1"], ["'@SUM(A1)"], ["'-"],
                    ["TOTAL GENERAL"]]
    assert [cell(v) for v in (None, True, False, 3, Decimal("1.50"), "-2.5000", "+1", {"a": 1})] == [
        "", "Sí", "No", "3", "1.50", "-2.5000", "+1", '{"a":1}']


def test_a_body_without_columns_is_not_tabular():
    for body in ({"data": []}, {"columns": []}, ["x"]):
        with pytest.raises(ApiError) as exc:
            render(body)
        assert exc.value.status == 406


def test_the_file_name_comes_from_the_body_or_the_path():
    assert file_name(BODY, "/reports/sales") == "reportes-ventas-2026-11-01-2026-11-30.csv"
    assert file_name({"meta": {"file_name": " "}}, "/reports/receivables") == "receivables.csv"
    assert file_name({}, "/reports/taxes") == "taxes.csv"


def test_the_documents_reports_are_flagged_csv():
    flagged = {f.path: f.rpc for f in FORWARDS if f.csv}
    assert flagged.items() >= {"/reports/sales": "reports.sales", "/reports/taxes": "reports.taxes"}.items()
