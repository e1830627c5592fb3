"""Stock movements (pure): a movement is a list of entries (warehouse, product, signed
delta); applied in order to the locked balances, no balance may go below zero.

Kinds: adjustment_in / adjustment_out / transfer (RPC), and the movements documents
cause: sale, return (credit note), cancellation (reverses a document's movement).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.rpc.formatting import quantity

INBOUND = ("adjustment_in", "return")  # every other kind takes stock out of warehouse_id
REFERENCES = {"sale": "Venta, documento {id}", "return": "Devolución, nota de crédito {id}",
              "cancellation": "Anulación, documento {id}"}


@dataclass(frozen=True)
class Line:
    product_id: int
    quantity: Decimal


@dataclass(frozen=True)
class Entry:
    line: int  # index of the movement's item
    warehouse_id: int
    product_id: int
    delta: Decimal


def movement_errors(kind: str, warehouse_id: int, target_warehouse_id: int | None) -> dict[str, list[str]]:
    if kind == "transfer" and target_warehouse_id is None:
        return {"target_warehouse_id": ["El campo target_warehouse_id es obligatorio en una transferencia."]}
    if kind == "transfer" and target_warehouse_id == warehouse_id:
        return {"target_warehouse_id": ["El almacén de destino debe ser distinto del de origen."]}
    return {}


def plan_entries(kind: str, warehouse_id: int, target_warehouse_id: int | None, lines: list[Line]) -> list[Entry]:
    """The stock entries of a movement: out of the source first, then into the target."""
    entries = []
    for i, line in enumerate(lines):
        if kind in INBOUND:
            entries.append(Entry(i, warehouse_id, line.product_id, line.quantity))
        else:
            entries.append(Entry(i, warehouse_id, line.product_id, -line.quantity))
        if kind == "transfer":
            entries.append(Entry(i, target_warehouse_id, line.product_id, line.quantity))
    return entries


def lock_order(entries: list[Entry]) -> list[tuple[int, int]]:
    """Stock rows to lock, in one global order (warehouse, product) so lockers never deadlock."""
    return sorted({(e.warehouse_id, e.product_id) for e in entries})


def apply_entries(balances: dict[tuple[int, int], Decimal], entries: list[Entry]
                  ) -> tuple[list[Decimal], dict[str, list[str]]]:
    """Balance after each entry, and errors by `items.N.quantity` where stock would go negative."""
    running = dict(balances)
    after, errors = [], {}
    for e in entries:
        key = (e.warehouse_id, e.product_id)
        available = running.setdefault(key, Decimal(0))
        if available + e.delta < 0:  # reported, not applied: later lines see the real balance
            errors.setdefault(f"items.{e.line}.quantity", []).append(
                f"Stock insuficiente: disponible {quantity(available)}, solicitado {quantity(-e.delta)}.")
        else:
            running[key] = available + e.delta
        after.append(running[key])
    return after, errors


def final_balances(entries: list[Entry], after: list[Decimal]) -> dict[tuple[int, int], Decimal]:
    """(warehouse, product) -> its balance after the movement's last entry on it."""
    return {(e.warehouse_id, e.product_id): a for e, a in zip(entries, after)}


def reverse(entries: list[Entry]) -> list[Entry]:
    """The entries that undo a movement (a cancellation)."""
    return [Entry(e.line, e.warehouse_id, e.product_id, -e.delta) for e in entries]


def reference(kind: str, document_id: int) -> str:
    """The reference of a movement a document caused (sale, return, cancellation)."""
    return REFERENCES[kind].format(id=document_id)
