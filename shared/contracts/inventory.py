"""Contracts owned by inventory: stock movements caused by documents."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register


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
