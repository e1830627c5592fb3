"""Contracts owned by inventory: its events (stock moved by documents, low stock) and the request
bodies of its RPC methods (`from shared.contracts.inventory import ProductIn`)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.contracts.text import MultilineText, Text
from shared.rpc.params import RequestModel
from shared.sri.catalogues import IVA_RATE_CODES


@register
class StockApplied(Contract):
    """A document's stock moved (reservation confirmed, or stock returned by a credit note)."""

    TYPE = "inventory.stock_applied"
    VERSION = 1
    document_id: int
    movement_id: int | None = Field(None, description="None when the document had no stock lines")
    warehouse_id: int | None = None
    applied_at: datetime


@register
class StockLow(Contract):
    """A product's stock fell to or below its minimum (webhook `stock.low`)."""

    TYPE = "inventory.stock_low"
    VERSION = 1
    product_id: int
    warehouse_id: int
    quantity: Decimal
    min_stock: Decimal | None = Field(None, description="the product's minimum that was reached")
    product_code: str | None = Field(None, description="product code, for the webhook")
    product_name: str | None = Field(None, description="product name, for the webhook")


# --- Request bodies of inventory's RPC methods (validated by its handlers; the gateway's OpenAPI) ---

Amount = Decimal  # numeric(18,6): up to 12 integer digits and 6 decimals
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a bigint key: larger is a 422, not a database error
Exemption = Literal["no_objeto", "exento"]  # the 0 % kinds of shared.sri.catalogues.IVA_EXEMPTION_CODES
IVA_RATES = ", ".join(str(r) for r in sorted(IVA_RATE_CODES))


def amount(**kw):
    return Field(max_digits=18, decimal_places=6, **kw)


class ProductFields(RequestModel):
    """Every product field optional: the update body (`products.update`), and the base of the create body."""

    code: Text | None = Field(None, min_length=1, max_length=25, description="unique per company")
    name: Text | None = Field(None, min_length=1, max_length=300, description="the product's name")
    description: Text | None = Field(None, max_length=1000, description="free text")
    price: Amount | None = amount(default=None, ge=0, description="unit price without taxes")
    tax_rate: Decimal | None = Field(None, max_digits=7, decimal_places=4,
                                     description=f"IVA % the SRI knows: {IVA_RATES}")
    tax_exemption: Exemption | None = Field(None, description="at 0 %: no_objeto or exento")
    tracks_stock: bool | None = Field(None, description="whether stock is kept (false for services)")
    unit: Text | None = Field(None, max_length=20, description="unit of measure")
    min_stock: Amount | None = amount(default=None, ge=0, description="stock.low when a warehouse falls to it")


class ProductIn(ProductFields):
    """`products.create`: code, name and price required; the rate defaults to 15 % (0 % with an exemption)."""

    code: Text = Field(min_length=1, max_length=25, description="unique per company")
    name: Text = Field(min_length=1, max_length=300, description="the product's name")
    price: Amount = amount(ge=0, description="unit price without taxes")
    tracks_stock: bool = Field(True, description="whether stock is kept (false for services)")


class WarehouseFields(RequestModel):
    """Every warehouse field optional: the update body (`warehouses.update`)."""

    code: Text | None = Field(None, min_length=1, max_length=20, description="unique per company")
    name: Text | None = Field(None, min_length=1, max_length=300, description="the warehouse's name")
    address: Text | None = Field(None, max_length=300, description="where it is")
    active: bool | None = Field(None, description="inactive warehouses take no movements")


class WarehouseIn(WarehouseFields):
    """`warehouses.create`."""

    code: Text = Field(min_length=1, max_length=20, description="unique per company")
    name: Text = Field(min_length=1, max_length=300, description="the warehouse's name")
    active: bool = Field(True, description="inactive warehouses take no movements")


class MovementItemIn(RequestModel):
    """One line of a movement."""

    product_id: Id = Field(description="a product that tracks stock")
    quantity: Amount = amount(gt=0, description="units moved")
    unit_cost: Amount | None = amount(default=None, ge=0, description="cost of an adjustment_in (valuation)")


class MovementIn(RequestModel):
    """`movements.create`: a manual adjustment or a transfer between warehouses."""

    type: Literal["adjustment_in", "adjustment_out", "transfer"] = Field(description="the kind of movement")
    warehouse_id: Id = Field(description="the warehouse changed (source of a transfer)")
    target_warehouse_id: Id | None = Field(None, description="destination of a transfer")
    items: list[MovementItemIn] = Field(min_length=1, max_length=500, description="the lines moved")
    reference: Text | None = Field(None, max_length=100, description="free reference")
    notes: MultilineText | None = Field(None, max_length=1000, description="free notes")


class ProductIdsIn(RequestModel):
    """`products.resolve` (called by documents)."""

    product_ids: list[Id] = Field(max_length=500, description="ids to resolve; missing ones are left out")


class ReservationItemIn(RequestModel):
    """One document line to reserve."""

    line: int = Field(ge=0, le=10_000, description="the document's line index")
    product_id: Id = Field(description="the line's product (lines of non-stock products are skipped)")
    quantity: Amount = amount(gt=0, description="units to hold")


class ReservationIn(RequestModel):
    """`reservations.create` (called by documents before recording a document)."""

    document_id: Id = Field(description="the document the stock is held for (one reservation per document)")
    warehouse_id: Id = Field(description="the warehouse the stock is held in")
    items: list[ReservationItemIn] = Field(min_length=1, max_length=500, description="the document's lines")
    ttl_seconds: int = Field(600, ge=1, le=86_400, description="an unconfirmed reservation expires after this")

    @field_validator("items")
    @classmethod
    def _lines_once(cls, items: list[ReservationItemIn]) -> list[ReservationItemIn]:
        if len({i.line for i in items}) != len(items):
            raise ValueError("Cada línea (line) debe aparecer una sola vez en items.")
        return items


class DocumentRef(RequestModel):
    """`reservations.release`: the document whose reservation is released."""

    document_id: Id = Field(description="the document")
