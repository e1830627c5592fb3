"""Stock for documents (pure): what a document may take, and when stock runs low.

- Available for a document = stock - quantities held by *other* documents' active
  reservations; lines of the same product in one document add up.
- Low stock: a warehouse that a decrease left at or below the product's min_stock.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.inventory.domain.movements import Entry, final_balances
from shared.rpc.formatting import quantity


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


def low_stock(entries: list[Entry], after: list[Decimal], minimums: dict[int, Decimal | None]
              ) -> dict[tuple[int, int], Decimal]:
    """(warehouse, product) -> final balance, where a decrease left it at or below the product's minimum."""
    final = final_balances(entries, after)
    decreased = {(e.warehouse_id, e.product_id) for e in entries if e.delta < 0}
    return {k: final[k] for k in sorted(decreased)
            if minimums.get(k[1]) is not None and final[k] <= minimums[k[1]]}
