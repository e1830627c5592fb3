"""Response shapes of the payment write side: POST /payments (API.md Part A keys, JSON numbers
rounded to 2 as published), GET /payments/{id} and its reversal (detail style: money as strings
with 4 decimals), GET /customers/{id}/advances."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from services.payments.domain.receivables import label
from shared.rpc.formatting import json_number, money, timestamp

Row = Mapping[str, Any]


def number_text(receivable: Row) -> str | None:
    return None if receivable["number"] is None else f"{receivable['number']:09d}"


def document_status(receivable: Row) -> str:
    """The document's status as documents shows it: issued, unless its receivable closed on a cancel."""
    return "cancelled" if receivable["closed_reason"] == "cancelled" else "issued"


def document(receivable: Row) -> dict[str, Any]:
    return {"id": receivable["document_id"], "series": receivable["series"], "number": number_text(receivable),
            "status": document_status(receivable)}


def created(payment: Row, receivable: Row) -> dict[str, Any]:
    """POST /payments 201 body; the same for a replay of the request (balance_pending as it was then)."""
    return {"message": f"Pago registrado para {label(receivable)}.",
            "data": {"document": document(receivable),
                     "applied_advance_amount": json_number(payment["applied_advance_amount"]),
                     "excess_amount": json_number(payment["excess_amount"]),
                     "created_advance_amount": json_number(payment["created_advance_amount"]),
                     "balance_pending": json_number(payment["balance_after"]),
                     "payment_id": payment["id"]}}


def detail(payment: Row, receivable: Row, used: Sequence[Row], created_advances: Sequence[Row]) -> dict[str, Any]:
    """GET /payments/{id}."""
    return {"id": payment["id"],
            "document": {**document(receivable), "type": receivable["document_type"],
                         "display_number": receivable["display_number"], "balance": money(receivable["balance"]),
                         "payment_status": receivable["payment_status"]},
            "origin_document_id": payment["origin_document_id"], "customer_id": payment["customer_id"],
            "payment_date": payment["payment_date"].isoformat(), "amount": money(payment["amount"]),
            "applied_advance_amount": money(payment["applied_advance_amount"]),
            "applied_amount": money(payment["applied_amount"]), "excess_amount": money(payment["excess_amount"]),
            "overpayment_mode": payment["overpayment_mode"], "tip_amount": money(payment["tip_amount"]),
            "created_advance_amount": money(payment["created_advance_amount"]),
            "balance_pending": money(payment["balance_after"]), "payment_method": payment["method"],
            "reference": payment["reference"], "notes": payment["notes"], "initial": payment["initial"],
            "status": payment["status"], "reversed_at": timestamp(payment["reversed_at"]),
            "reverse_reason": payment["reverse_reason"], "created_at": timestamp(payment["created_at"]),
            "advances_used": [{"advance_id": a["advance_id"], "amount": money(a["amount"]),
                               "returned": a["reversed_at"] is not None} for a in used],
            "advances_created": [advance(a) for a in created_advances]}


def advance(row: Row) -> dict[str, Any]:
    return {"id": row["id"], "customer_id": row["customer_id"], "amount": money(row["amount"]),
            "remaining": money(row["remaining"]), "source": row["source"],
            "source_payment_id": row["source_payment_id"], "source_document_id": row["source_document_id"],
            "status": row["status"], "created_at": timestamp(row["created_at"])}
