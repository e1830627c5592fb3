"""Catalogue rules (pure): what an update of a product or a warehouse may not leave empty."""
from __future__ import annotations

PRODUCT_REQUIRED = ("code", "name", "price", "tracks_stock", "tax_rate")
WAREHOUSE_REQUIRED = ("code", "name", "active")


def missing_required(fields: dict, required: tuple[str, ...]) -> dict[str, list[str]]:
    """An update may change any field but not clear a required one."""
    return {n: [f"El campo {n} es obligatorio."] for n in required if fields.get(n) is None}
