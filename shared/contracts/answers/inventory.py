"""The answers of inventory's calls (services/inventory/views/)."""
from __future__ import annotations

from pydantic import Field

from shared.contracts.answers import Answer, Money, Rate, Quantity, Timestamp, page_of, saved


class Product(Answer):
    """A product of the catalogue (views/products.py: product)."""

    id: int
    code: str
    name: str
    description: str | None
    price: Money
    tax_rate: Rate
    tax_exemption: str | None = Field(description="`no_objeto` or `exento` when the rate is 0, else null")
    sri_iva_code: str = Field(description="the SRI's codigoPorcentaje of the IVA")
    tracks_stock: bool
    unit: str | None
    min_stock: Quantity
    active: bool
    created_at: Timestamp
    updated_at: Timestamp


ProductPage = page_of(Product)
ProductSaved = saved(Product)

ANSWERS: dict[str, type[Answer]] = {
    "products.list": ProductPage,
    "products.create": ProductSaved,
    "products.get": Product,
    "products.update": ProductSaved,
    "products.delete": ProductSaved,
}
