"""`sri.submit_document` snapshots made the way documents makes them: its pure domain prices the
lines (totals.py: line IVA values that add up to the header per rate), keeps its payment forms
(rules.py) and builds the snapshot (snapshot.py). What the XML then writes is exactly what
documents decided, so tests of the XML and the simulator run over documents' real output."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from services.documents.domain import pricing, snapshot
from services.documents.domain.totals import compute_totals
from shared.contracts.sri import SubmitDocument

COMPANY = {"ruc": "1792146739001", "legal_name": "Empresa Demo S.A.", "trade_name": "Demo",
           "address": "Av. Amazonas N24-03, Quito", "settings": {"sri_environment": "test"}}
BUYER = {"identification_type": "ruc", "identification": "0992339411001", "name": "Cliente Empresa Cía. Ltda.",
         "email": "compras@example.com", "address": "Av. 9 de Octubre 100", "phone": None}


def item(quantity: str, price: str, rate: str = "15", exemption: str | None = None, discount: str | None = None,
         description: str = "Artículo") -> pricing.LineDraft:
    """A line as pricing.draft_lines makes it (a percent discount when `discount` is given)."""
    return pricing.LineDraft(description=description, quantity=Decimal(quantity), unit_price=Decimal(price),
                             tax_rate=Decimal(rate), tax_exemption=exemption,
                             discount_mode="percent" if discount else None, discount_value=Decimal(discount or 0))


def document(items: list[pricing.LineDraft], *, doc_type: str = "invoice", issue: date = date(2026, 2, 22),
             number: int = 1, **columns: Any) -> tuple[dict, list[dict]]:
    """The document row and line rows documents would record for these items."""
    totals = compute_totals([ln.as_input() for ln in items])
    lines = [{**row, "id": n + 1} for n, row in enumerate(pricing.line_rows(items, totals))]
    row = {"id": number, "company_id": 5, "type": doc_type, "status": "issued", "issue_date": issue,
           "due_date": None, "series": "001-002", "number": number, "customer": BUYER, "customer_id": 2,
           "establishment": {"establishment_address": "Av. Amazonas"}, "subtotal": totals.subtotal,
           "discount": totals.discount, "tax": totals.tax, "tip": totals.tip, "total": totals.total,
           "tax_totals": pricing.tax_totals(totals, items), "initial_payment": None,
           "reason": "Devolución" if doc_type == "credit_note" else None, "reference": None,
           "order_reference": None, "seller_name": None, "notes": None, **columns}
    return row, lines


def submit(items: list[pricing.LineDraft], source: dict[str, Any] | None = None, **kw: Any) -> SubmitDocument:
    """The command documents would send for these items."""
    row, lines = document(items, **kw)
    return snapshot.build(COMPANY, row, lines, source)
