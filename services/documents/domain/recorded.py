"""The `documents.*_recorded` event of an issued document, and the lines it moves (pure, no I/O)."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from services.documents.domain.kinds import Kind
from services.documents.domain.pricing import stock_lines
from shared.contracts.documents import StockLine
from shared.contracts.envelope import Contract


def moving_lines(kind: Kind, return_stock: bool, lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stock lines an issued document moves: an invoice's, a credit note's when it returns stock."""
    moves = kind.stock or (kind.type == "credit_note" and return_stock)
    return stock_lines(lines) if moves else []


def recorded_event(kind: Kind, row: Mapping[str, Any], lines: Sequence[Mapping[str, Any]],
                   source_type: str | None = None) -> Contract:
    """InvoiceRecorded / SalesOrderRecorded / CreditNoteRecorded / DebitNoteRecorded of the stored document
    (`source_type`: the type of its source document; an invoice names the sales order it converts)."""
    customer = row["customer"]
    fields: dict[str, Any] = {
        "document_id": row["id"], "document_type": row["type"], "issue_date": row["issue_date"],
        "due_date": row["due_date"], "customer_id": row["customer_id"], "customer_name": customer["name"],
        "customer_identification": customer.get("identification"),
        "series": row["series"], "warehouse_id": row["warehouse_id"], "total": row["total"],
        "currency": row["currency"],
        "stock_lines": [StockLine(**ln) for ln in moving_lines(kind, row["return_stock"], lines)]}
    if kind.type in ("invoice", "sales_order"):
        fields["initial_payment"] = row["initial_payment"]
    if kind.type in ("credit_note", "debit_note") or (kind.type == "invoice" and source_type == "sales_order"):
        fields["source_document_id"] = row["source_document_id"]
    if kind.type == "credit_note":
        fields["return_stock"] = row["return_stock"]
    return kind.recorded(**fields)
