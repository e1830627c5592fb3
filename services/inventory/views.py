"""Response shapes of inventory: decimals as strings (price 4, quantity 3, rate 4 decimals)."""
from __future__ import annotations

from typing import Any

from services.inventory import domain
from shared.contracts.formatting import money, quantity, rate, timestamp


def product(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "description": row["description"],
            "price": money(row["price"]), "tax_rate": rate(row["tax_rate"]), "tax_exemption": row["tax_exemption"],
            "sri_iva_code": domain.iva_code(row["tax_rate"], row["tax_exemption"]),
            "tracks_stock": row["tracks_stock"], "unit": row["unit"], "active": row["active"],
            "created_at": timestamp(row["created_at"]), "updated_at": timestamp(row["updated_at"])}


def product_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "price": money(row["price"]),
            "tax_rate": rate(row["tax_rate"]), "tracks_stock": row["tracks_stock"]}


def warehouse(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "address": row["address"],
            "active": row["active"], "created_at": timestamp(row["created_at"]),
            "updated_at": timestamp(row["updated_at"])}


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
