"""Response shape of GET /payments (API.md Part A): `data` (receivable documents), `recent_payments`,
`meta` (Laravel) and `selected_document`.

`data` and `recent_payments` are list items: money as strings with 4 decimals ("46.0000"), as
GET /documents. `selected_document` carries JSON numbers, as the published example does
(`"total": 46, "paid_amount": 10, "balance": 36, "available_advance": 5`).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Mapping, Sequence

from services.payments.domain.reports import days_overdue
from services.payments.views.payments import number_text
from shared.db.paging import Paging, page_body
from shared.rpc.formatting import json_number, money, timestamp

Row = Mapping[str, Any]


def receivable_item(row: Row, today: date) -> dict[str, Any]:
    """One document to collect; `days_overdue`: days past its due date (its issue date without one)
    while it owes something, else 0."""
    late = days_overdue(today, row["issue_date"], row["due_date"]) if row["balance"] > 0 else 0
    return {"id": row["document_id"], "type": row["document_type"], "series": row["series"],
            "number": number_text(row), "display_number": row["display_number"], "status": "issued",
            "customer": {"id": row["customer_id"], "name": row["customer_name"],
                         "identification": row["customer_identification"]},
            "issue_date": row["issue_date"].isoformat(),
            "due_date": row["due_date"].isoformat() if row["due_date"] else None,
            "currency": row["currency"], "total": money(row["total"]), "paid_amount": money(row["paid_amount"]),
            "credited_amount": money(row["credited_amount"]), "balance": money(row["balance"]),
            "payment_status": row["payment_status"], "days_overdue": max(late, 0)}


def recent_payment(row: Row) -> dict[str, Any]:
    """A payment beside the list (with its document's number); `status` applied or reversed."""
    return {"id": row["id"], "document_id": row["document_id"], "document_type": row["document_type"],
            "series": row["series"], "number": number_text(row), "display_number": row["display_number"],
            "customer_id": row["customer_id"], "payment_date": row["payment_date"].isoformat(),
            "amount": money(row["amount"]), "applied_advance_amount": money(row["applied_advance_amount"]),
            "applied_amount": money(row["applied_amount"]), "excess_amount": money(row["excess_amount"]),
            "payment_method": row["method"], "reference": row["reference"], "initial": row["initial"],
            "status": row["status"], "created_at": timestamp(row["created_at"])}


def selected_document(row: Row, available_advance: Decimal) -> dict[str, Any]:
    """The published keys: id, series, number, total, paid_amount, balance, available_advance."""
    return {"id": row["document_id"], "series": row["series"], "number": number_text(row),
            "total": json_number(row["total"]), "paid_amount": json_number(row["paid_amount"]),
            "balance": json_number(row["balance"]), "available_advance": json_number(available_advance)}


def payments_page(found: Sequence[Row], total: int, paging: Paging, recent: Sequence[Row],
                  selected: dict[str, Any] | None, today: date) -> dict[str, Any]:
    body = page_body([receivable_item(r, today) for r in found], total, paging)
    return {"data": body["data"], "recent_payments": [recent_payment(p) for p in recent], "meta": body["meta"],
            "selected_document": selected}
