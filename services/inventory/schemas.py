"""Request bodies of inventory, validated with Spanish reasons and field paths."""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from shared.rpc.params import RequestModel

Amount = Decimal  # numeric(18,6): up to 12 integer digits and 6 decimals
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # a bigint key: larger is a 422, not a database error
Exemption = Literal["no_objeto", "exento"]


def amount(**kw):
    return Field(max_digits=18, decimal_places=6, **kw)


class ProductFields(RequestModel):
    """Every product field optional: the update body, and the base of the create body."""

    code: str | None = Field(None, min_length=1, max_length=25, description="unique per company")
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=1000)
    price: Amount | None = amount(default=None, ge=0)
    tax_rate: Decimal | None = Field(None, max_digits=7, decimal_places=4,
                                     description="IVA % the SRI knows: 0, 5, 8, 12, 13, 14, 15")
    tax_exemption: Exemption | None = Field(None, description="at 0 %: no_objeto or exento")
    tracks_stock: bool | None = None
    unit: str | None = Field(None, max_length=20)
    min_stock: Amount | None = amount(default=None, ge=0, description="stock.low when a warehouse falls to it")


class ProductIn(ProductFields):
    code: str = Field(min_length=1, max_length=25)
    name: str = Field(min_length=1, max_length=300)
    price: Amount = amount(ge=0)
    tracks_stock: bool = True


class WarehouseFields(RequestModel):
    code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=300)
    address: str | None = Field(None, max_length=300)
    active: bool | None = None


class WarehouseIn(WarehouseFields):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=300)
    active: bool = True


class MovementItemIn(RequestModel):
    product_id: Id
    quantity: Amount = amount(gt=0)
    unit_cost: Amount | None = amount(default=None, ge=0)


class MovementIn(RequestModel):
    type: Literal["adjustment_in", "adjustment_out", "transfer"]
    warehouse_id: Id = Field(description="the warehouse changed (source of a transfer)")
    target_warehouse_id: Id | None = Field(None, description="destination of a transfer")
    items: list[MovementItemIn] = Field(min_length=1, max_length=500)
    reference: str | None = Field(None, max_length=100)
    notes: str | None = Field(None, max_length=1000)


class ProductIdsIn(RequestModel):
    product_ids: list[Id] = Field(max_length=500, description="ids to resolve; missing ones are left out")


class ReservationItemIn(RequestModel):
    line: int = Field(ge=0, le=10_000, description="the document's line index")
    product_id: Id
    quantity: Amount = amount(gt=0)


class ReservationIn(RequestModel):
    document_id: Id
    warehouse_id: Id
    items: list[ReservationItemIn] = Field(min_length=1, max_length=500)
    ttl_seconds: int = Field(600, ge=1, le=86_400, description="an unconfirmed reservation expires after this")

    @field_validator("items")
    @classmethod
    def _lines_once(cls, items: list[ReservationItemIn]) -> list[ReservationItemIn]:
        if len({i.line for i in items}) != len(items):
            raise ValueError("Cada línea (line) debe aparecer una sola vez en items.")
        return items


class DocumentRef(RequestModel):
    document_id: Id
