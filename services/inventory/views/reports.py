"""The kardex rows and the inventory report as answered."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.inventory.domain.valuation import unit_cost, value
from shared.rpc.formatting import money, quantity, timestamp

ZERO = Decimal(0)
DOCUMENT_SOURCES = ("sale", "return", "cancellation")  # movements whose source_id is a document id


def kardex_row(row) -> dict[str, Any]:
    delta = row["delta"]
    return {"date": timestamp(row["created_at"]), "movement_id": row["movement_id"], "type": row["type"],
            "reference": row["reference"], "warehouse_id": row["warehouse_id"],
            "document_id": row["source_id"] if row["source_type"] in DOCUMENT_SOURCES else None,
            "quantity_in": quantity(max(delta, ZERO)), "quantity_out": quantity(max(-delta, ZERO)),
            "balance": quantity(row["balance"]), "unit_cost": money(row["unit_cost"])}


def inventory_report(rows: list, costs: dict) -> dict[str, Any]:
    data, total_qty, total_value = [], ZERO, ZERO
    for r in rows:
        cost = unit_cost(costs.get(r["product_id"]))
        worth = value(r["quantity"], cost)
        total_qty, total_value = total_qty + r["quantity"], total_value + worth
        data.append({"warehouse_id": r["warehouse_id"], "warehouse_code": r["warehouse_code"],
                     "product_id": r["product_id"], "product_code": r["product_code"],
                     "product_name": r["product_name"], "quantity": quantity(r["quantity"]),
                     "unit_cost": money(cost), "value": money(worth)})
    return {"data": data, "totals": {"quantity": quantity(total_qty), "value": money(total_value)}}
