"""Movements, stock levels and reservations as answered."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import money, quantity, timestamp


def movement_item(row) -> dict[str, Any]:
    return {"line": row["line_no"], "product_id": row["product_id"], "product_code": row["product_code"],
            "product_name": row["product_name"], "quantity": quantity(row["quantity"]),
            "unit_cost": money(row["unit_cost"])}


def movement(row, items: list) -> dict[str, Any]:
    return {"id": row["id"], "type": row["type"], "warehouse_id": row["warehouse_id"],
            "target_warehouse_id": row["target_warehouse_id"], "reference": row["reference"],
            "notes": row["notes"], "created_at": timestamp(row["created_at"]),
            "items": [movement_item(i) for i in items]}


def stock_row(row) -> dict[str, Any]:
    return {"warehouse_id": row["warehouse_id"], "product_id": row["product_id"],
            "product_code": row["product_code"], "product_name": row["product_name"],
            "quantity": quantity(row["quantity"])}


def reservation(row, items: list) -> dict[str, Any]:
    return {"reservation_id": row["id"], "document_id": row["document_id"], "warehouse_id": row["warehouse_id"],
            "status": row["status"], "expires_at": timestamp(row["expires_at"]),
            "items": [{"line": i["line"], "product_id": i["product_id"], "quantity": quantity(i["quantity"])}
                      for i in items]}
