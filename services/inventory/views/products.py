"""Products as answered: the full product, the lookup row, and the shape documents resolves."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import money, quantity, rate, timestamp
from shared.sri.catalogues import iva_code


def product(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "description": row["description"],
            "price": money(row["price"]), "tax_rate": rate(row["tax_rate"]), "tax_exemption": row["tax_exemption"],
            "sri_iva_code": iva_code(row["tax_rate"], row["tax_exemption"]),
            "tracks_stock": row["tracks_stock"], "unit": row["unit"], "min_stock": quantity(row["min_stock"]),
            "active": row["active"],
            "created_at": timestamp(row["created_at"]), "updated_at": timestamp(row["updated_at"])}


def product_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "price": money(row["price"]),
            "tax_rate": rate(row["tax_rate"]), "tracks_stock": row["tracks_stock"]}


def product_resolved(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "price": money(row["price"]),
            "tax_rate": rate(row["tax_rate"]), "tax_exemption": row["tax_exemption"],
            "tracks_stock": row["tracks_stock"], "unit": row["unit"],
            "sri_iva_code": iva_code(row["tax_rate"], row["tax_exemption"])}
