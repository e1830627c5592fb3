"""The receivables aging arithmetic (domain/reports.py) and its answer (views/reports.py), without servers."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from services.payments.domain.reports import BUCKETS, Owed, aging, bucket, days_overdue
from services.payments.views.reports import receivables

pytestmark = pytest.mark.unit
AS_OF = date(2026, 3, 31)


def ago(days: int) -> date:
    return AS_OF - timedelta(days=days)


@pytest.mark.parametrize("days, expected", [
    (-1, "current"), (-30, "current"), (0, "days_0_30"), (30, "days_0_30"), (31, "days_31_60"),
    (60, "days_31_60"), (61, "days_61_90"), (90, "days_61_90"), (91, "days_90_plus"), (400, "days_90_plus")])
def test_bucket_edges(days, expected):
    assert bucket(days) == expected


def test_days_are_counted_from_the_due_date_or_else_the_issue_date():
    assert days_overdue(AS_OF, ago(50), ago(20)) == 20
    assert days_overdue(AS_OF, ago(50), None) == 50
    assert days_overdue(AS_OF, ago(5), AS_OF + timedelta(days=10)) == -10


def test_aging_by_customer_worked_by_hand():
    owed = [
        Owed(1, "Ana Peña", ago(10), AS_OF + timedelta(days=5), D("100.00")),  # not yet due -> current
        Owed(1, "Ana Peña", ago(40), ago(10), D("20.50")),                     # 10 days -> 0-30
        Owed(1, "Ana Peña", ago(100), None, D("7.25")),                        # 100 days -> 90+
        Owed(2, "Beto", ago(45), None, D("300.00")),                           # 45 -> 31-60
        Owed(2, "Beto", ago(75), ago(61), D("0.01")),                          # 61 -> 61-90
        Owed(2, "Beto", ago(3), None, D("0.00")),                              # nothing owed: left out
        Owed(None, "CONSUMIDOR FINAL", ago(0), None, D("9.99")),               # issued today, cash -> 0-30
    ]
    rows, totals = aging(owed, AS_OF)
    assert [(r.customer_id, r.name, r.documents) for r in rows] == [
        (2, "Beto", 2), (1, "Ana Peña", 3), (None, "CONSUMIDOR FINAL", 1)]   # largest debt first
    beto, ana, final = rows
    assert beto.amounts == {"current": 0, "days_0_30": 0, "days_31_60": D("300.00"), "days_61_90": D("0.01"),
                            "days_90_plus": 0}
    assert ana.amounts == {"current": D("100.00"), "days_0_30": D("20.50"), "days_31_60": 0, "days_61_90": 0,
                           "days_90_plus": D("7.25")}
    assert (beto.total, ana.total, final.total) == (D("300.01"), D("127.75"), D("9.99"))
    assert totals.amounts == {"current": D("100.00"), "days_0_30": D("30.49"), "days_31_60": D("300.00"),
                              "days_61_90": D("0.01"), "days_90_plus": D("7.25")}
    assert totals.total == D("437.75") == sum(r.total for r in rows)
    assert totals.documents == 6


def test_the_answer_has_the_csv_columns_rows_and_totals():
    rows, totals = aging([Owed(1, "Ana", ago(2), None, D("0")), Owed(1, "Ana", ago(20), None, D("0.5")),
                          Owed(1, "Ana", ago(31), None, D("12"), "1710034065"),  # the first one known
                          Owed(None, "", ago(1), None, D("1"))], AS_OF)
    body = receivables(rows, totals, AS_OF, None)
    assert [c["key"] for c in body["columns"]] == ["customer_id", "identification", "name", "documents", *BUCKETS,
                                                   "total"]
    assert body["data"][0] == {"customer_id": 1, "identification": "1710034065", "name": "Ana", "documents": 2,
                               "current": "0.0000", "days_0_30": "0.5000", "days_31_60": "12.0000",
                               "days_61_90": "0.0000", "days_90_plus": "0.0000", "total": "12.5000"}
    assert (body["data"][1]["name"], body["data"][1]["identification"]) == ("CONSUMIDOR FINAL", "9999999999999")
    assert body["totals"]["total"] == "13.5000" and "customer_id" not in body["totals"]
    assert body["meta"]["as_of"] == "2026-03-31"
    assert body["meta"]["file_name"] == "reportes-cuentas-por-cobrar-2026-03-31.csv"


def test_the_csv_rendering_of_the_gateway_writes_it():
    from services.gateway.views.csv_export import render

    rows, totals = aging([Owed(1, "Ana", ago(95), None, D("40"))], AS_OF)
    lines = render(receivables(rows, totals, AS_OF, 1)).lstrip("\ufeff").splitlines()
    assert lines[0] == ("ID cliente,Identificación,Cliente,Documentos,Por vencer,0-30 días,31-60 días,61-90 días,"
                        "Más de 90 días,Total")
    assert lines[1] == "1,,Ana,1,0.0000,0.0000,0.0000,0.0000,40.0000,40.0000"
    assert lines[2] == "Total,,,1,0.0000,0.0000,0.0000,0.0000,40.0000,40.0000"
