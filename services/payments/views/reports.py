"""Response shape of GET /reports/receivables: `{"data", "totals", "columns", "meta"}` as the other
reports (documents' views/reports.py), so the gateway's CSV rendering (views/csv_export.py) writes
a header row of the column labels, one row per customer and the totals row.

Money as strings with 4 decimals (list convention). `identification`: the customer's RUC / cédula
from the recorded events (consumidor final: 9999999999999); null for a customer whose documents were
all recorded before the events carried it.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from services.payments.domain.reports import BUCKETS, AgingRow
from shared.rpc.formatting import money
from shared.sri.catalogues import FINAL_CONSUMER_ID

FILE_STEM = "reportes-cuentas-por-cobrar"
FINAL_CONSUMER = "CONSUMIDOR FINAL"
COLUMNS = [("customer_id", "ID cliente"), ("identification", "Identificación"), ("name", "Cliente"),
           ("documents", "Documentos"), ("current", "Por vencer"), ("days_0_30", "0-30 días"),
           ("days_31_60", "31-60 días"), ("days_61_90", "61-90 días"), ("days_90_plus", "Más de 90 días"),
           ("total", "Total")]


def _amounts(row: AgingRow) -> dict[str, Any]:
    return {"documents": row.documents, **{b: money(row.amounts[b]) for b in BUCKETS}, "total": money(row.total)}


def aging_row(row: AgingRow) -> dict[str, Any]:
    final = row.customer_id is None
    return {"customer_id": row.customer_id,
            "identification": row.identification or (FINAL_CONSUMER_ID if final else None),
            "name": row.name if not final else (row.name or FINAL_CONSUMER), **_amounts(row)}


def receivables(rows: Sequence[AgingRow], totals: AgingRow, as_of: date, customer_id: int | None) -> dict[str, Any]:
    """GET /reports/receivables: one row per customer (largest debt first) and the totals."""
    return {"data": [aging_row(r) for r in rows], "totals": _amounts(totals),
            "columns": [{"key": key, "label": label} for key, label in COLUMNS],
            "meta": {"as_of": as_of.isoformat(), "customer_id": customer_id, "currency": "USD",
                     "buckets": {"current": "no vencido", "days_0_30": "0 a 30 días vencido",
                                 "days_31_60": "31 a 60 días vencido", "days_61_90": "61 a 90 días vencido",
                                 "days_90_plus": "más de 90 días vencido"},
                     "file_name": f"{FILE_STEM}-{as_of.isoformat()}.csv"}}
