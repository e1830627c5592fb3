"""Response shapes of inventory: decimals as strings (price 4, quantity 3, rate 4 decimals)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.inventory import domain, domain_documents
from shared.rpc.formatting import money, quantity, rate, timestamp

ZERO = Decimal(0)
DOCUMENT_SOURCES = ("sale", "return", "cancellation")  # movements whose source_id is a document id


def product(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "description": row["description"],
            "price": money(row["price"]), "tax_rate": rate(row["tax_rate"]), "tax_exemption": row["tax_exemption"],
            "sri_iva_code": domain.iva_code(row["tax_rate"], row["tax_exemption"]),
            "tracks_stock": row["tracks_stock"], "unit": row["unit"], "min_stock": quantity(row["min_stock"]),
            "active": row["active"],
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


def product_resolved(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "price": money(row["price"]),
            "tax_rate": rate(row["tax_rate"]), "tax_exemption": row["tax_exemption"],
            "tracks_stock": row["tracks_stock"], "unit": row["unit"],
            "sri_iva_code": domain.iva_code(row["tax_rate"], row["tax_exemption"])}


def reservation(row, items: list) -> dict[str, Any]:
    return {"reservation_id": row["id"], "document_id": row["document_id"], "warehouse_id": row["warehouse_id"],
            "status": row["status"], "expires_at": timestamp(row["expires_at"]),
            "items": [{"line": i["line"], "product_id": i["product_id"], "quantity": quantity(i["quantity"])}
                      for i in items]}


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
        cost = domain_documents.unit_cost(costs.get(r["product_id"]))
        value = domain_documents.value(r["quantity"], cost)
        total_qty, total_value = total_qty + r["quantity"], total_value + value
        data.append({"warehouse_id": r["warehouse_id"], "warehouse_code": r["warehouse_code"],
                     "product_id": r["product_id"], "product_code": r["product_code"],
                     "product_name": r["product_name"], "quantity": quantity(r["quantity"]),
                     "unit_cost": money(cost), "value": money(value)})
    return {"data": data, "totals": {"quantity": quantity(total_qty), "value": money(total_value)}}
