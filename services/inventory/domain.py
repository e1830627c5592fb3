"""Inventory rules (pure, no I/O): IVA rates the SRI knows, and stock movements.

IVA: a product carries a rate in percent and, at 0 %, optionally an exemption
kind; together they map to the SRI's `codigoPorcentaje` (FT Tabla 17).
Stock: a movement is a list of entries (warehouse, product, signed delta); applied
in order to the locked balances, no balance may go below zero.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shared.rpc.formatting import quantity

# IVA percent -> SRI codigoPorcentaje
IVA_CODES = {Decimal(0): "0", Decimal(5): "5", Decimal(8): "8", Decimal(12): "2", Decimal(13): "10",
             Decimal(14): "3", Decimal(15): "4"}
# exemption kinds at 0 % -> SRI codigoPorcentaje
EXEMPTION_CODES = {"no_objeto": "6", "exento": "7"}
DEFAULT_TAX_RATE = Decimal(15)
MOVEMENT_TYPES = ("adjustment_in", "adjustment_out", "transfer")
INBOUND = ("adjustment_in", "return")  # every other kind takes stock out of warehouse_id


def iva_code(tax_rate: Decimal, exemption: str | None = None) -> str | None:
    """The SRI code of a rate (and exemption), or None when the SRI has no such code."""
    if exemption is not None:
        return EXEMPTION_CODES.get(exemption) if tax_rate == 0 else None
    return IVA_CODES.get(Decimal(tax_rate))


def tax_defaults(fields: dict) -> dict:
    """No rate given: 0 % for an exemption, else the general rate."""
    if fields.get("tax_rate") is not None:
        return fields
    return {**fields, "tax_rate": Decimal(0) if fields.get("tax_exemption") else DEFAULT_TAX_RATE}


def tax_errors(tax_rate: Decimal, exemption: str | None) -> dict[str, list[str]]:
    if Decimal(tax_rate) not in IVA_CODES:
        allowed = ", ".join(str(r) for r in sorted(IVA_CODES))
        return {"tax_rate": [f"La tarifa de IVA {tax_rate} no es válida. Tarifas permitidas: {allowed}."]}
    if exemption is not None and tax_rate != 0:
        return {"tax_exemption": ["La exención de IVA solo aplica con tarifa 0."]}
    return {}


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
