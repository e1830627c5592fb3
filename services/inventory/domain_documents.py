"""Inventory rules for documents (pure, no I/O): availability, low stock, valuation.

- Available for a document = stock - quantities held by *other* documents' active
  reservations; lines of the same product in one document add up.
- A cancellation reverses the cancelled document's movement entry by entry.
- Valuation (reports.inventory, kardex unit_cost of document movements): weighted
  average cost per product over every `adjustment_in` line that carries a
  unit_cost (the only inflow with a cost); transfers, sales, returns and
  cancellations move units at that average and do not change it. The unit cost is
  rounded half-up to 4 decimals, a row's value (quantity x unit cost) too; the
  report's totals are the sums of its rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from services.inventory.domain import Entry
from shared.rpc.formatting import quantity

FOUR = Decimal("0.0001")
REFERENCES = {"sale": "Venta, documento {id}", "return": "Devolución, nota de crédito {id}",
              "cancellation": "Anulación, documento {id}"}


@dataclass(frozen=True)
class DocLine:
    line: int  # the document's line index
    product_id: int
    quantity: Decimal


def shortages(lines: list[DocLine], stock: dict[int, Decimal], held: dict[int, Decimal],
              products: dict) -> dict[str, list[str]]:
    """`items.<line>.quantity` errors for the lines the available stock cannot cover."""
    used: dict[int, Decimal] = {}
    errors = {}
    for ln in lines:
        available = stock.get(ln.product_id, Decimal(0)) - held.get(ln.product_id, Decimal(0)) \
            - used.get(ln.product_id, Decimal(0))
        if ln.quantity > available:
            p = products[ln.product_id]
            errors[f"items.{ln.line}.quantity"] = [
                f"Stock insuficiente para {p['code']} {p['name']}: disponible {quantity(max(available, Decimal(0)))}, "
                f"solicitado {quantity(ln.quantity)}."]
        used[ln.product_id] = used.get(ln.product_id, Decimal(0)) + ln.quantity
    return errors


def reverse(entries: list[Entry]) -> list[Entry]:
    """The entries that undo a movement (a cancellation)."""
    return [Entry(e.line, e.warehouse_id, e.product_id, -e.delta) for e in entries]


def low_stock(entries: list[Entry], after: list[Decimal], minimums: dict[int, Decimal | None]
              ) -> dict[tuple[int, int], Decimal]:
    """(warehouse, product) -> final balance, where a decrease left it at or below the product's minimum."""
    final = {(e.warehouse_id, e.product_id): a for e, a in zip(entries, after)}
    decreased = {(e.warehouse_id, e.product_id) for e in entries if e.delta < 0}
    return {k: final[k] for k in sorted(decreased)
            if minimums.get(k[1]) is not None and final[k] <= minimums[k[1]]}


def unit_cost(average: Decimal | None) -> Decimal:
    """The valuation cost: the weighted average rounded to 4 decimals; 0 when no cost is known."""
    return Decimal(average or 0).quantize(FOUR, ROUND_HALF_UP)


def value(qty: Decimal, cost: Decimal) -> Decimal:
    return (Decimal(qty) * cost).quantize(FOUR, ROUND_HALF_UP)


def reference(kind: str, document_id: int) -> str:
    return REFERENCES[kind].format(id=document_id)
