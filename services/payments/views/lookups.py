"""Response shape of GET /payments/lookups/documents (API.md Part A, Select2):
`{"results": [{"id": 120, "text": "001-001-000000120 | Cliente Demo | Saldo $36.00"}],
"pagination": {"more": false}}`.

The balance is written as the RIDE writes money: 2 decimals rounded half-up, a decimal point
and thousands separated by commas ("$1,234.50").
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from services.payments.domain.allocation import show as dollars
from services.payments.domain.receivables import label


def lookup_text(row: Mapping[str, Any]) -> str:
    """`001-001-000000120 | Cliente Demo | Saldo $36.00` (`#<id>` while the document has no number)."""
    return f"{label(row)} | {row['customer_name']} | Saldo {dollars(row['balance'])}"


def select2(rows: Sequence[Mapping[str, Any]], more: bool) -> dict[str, Any]:
    return {"results": [{"id": r["document_id"], "text": lookup_text(r)} for r in rows],
            "pagination": {"more": more}}
