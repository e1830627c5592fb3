"""The answers of inventory's calls (services/inventory/views/)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.contracts.answers import Answer, Money, Quantity, Rate, Timestamp, page_of, saved

MovementType = Literal["adjustment_in", "adjustment_out", "transfer", "sale", "return", "cancellation"]
_TYPES = ("adjustment_in / adjustment_out / transfer (manual), sale (an invoice), return (a credit note), "
          "cancellation (undoes a cancelled document's sale or return)")


class Product(Answer):
    """A product of the catalogue (views/products.py: product)."""

    id: int
    code: str
    name: str
    description: str | None
    price: Money
    tax_rate: Rate
    tax_exemption: Literal["no_objeto", "exento"] | None = Field(
        description="`no_objeto` or `exento` when the rate is 0, else null")
    sri_iva_code: str = Field(description="the SRI's codigoPorcentaje of the IVA")
    tracks_stock: bool
    unit: str | None
    min_stock: Quantity | None = Field(description="stock.low when a warehouse falls to it; null: no minimum")
    active: bool
    created_at: Timestamp
    updated_at: Timestamp


ProductPage = page_of(Product)
ProductSaved = saved(Product)


class ProductLookupItem(Answer):
    """An active product for the document forms (views/products.py: product_lookup)."""

    id: int
    code: str
    name: str
    price: Money
    tax_rate: Rate
    tracks_stock: bool


ProductLookupPage = page_of(ProductLookupItem, "ProductLookupPage")


class Warehouse(Answer):
    """A warehouse (views/warehouses.py)."""

    id: int
    code: str
    name: str
    address: str | None
    active: bool
    created_at: Timestamp
    updated_at: Timestamp


WarehousePage = page_of(Warehouse)
WarehouseSaved = saved(Warehouse)


class StockRow(Answer):
    """The stock of a product in a warehouse (views/stock.py: stock_row)."""

    warehouse_id: int
    product_id: int
    product_code: str
    product_name: str
    quantity: Quantity


StockPage = page_of(StockRow, "StockPage")


class MovementItem(Answer):
    """A line of a movement (views/stock.py: movement_item)."""

    line: int = Field(description="the line's position in the movement, from 0")
    product_id: int
    product_code: str
    product_name: str
    quantity: Quantity = Field(description="units moved, always positive (the type says the direction)")
    unit_cost: Money | None = Field(description="the unit cost given with the line (adjustment_in), else null")


class Movement(Answer):
    """A stock movement with its lines (views/stock.py: movement)."""

    id: int
    type: MovementType = Field(description=_TYPES)
    warehouse_id: int = Field(description="the warehouse the stock moves in (a transfer's source)")
    target_warehouse_id: int | None = Field(description="a transfer's destination; null for other types")
    reference: str | None
    notes: str | None
    created_at: Timestamp
    items: list[MovementItem]


MovementPage = page_of(Movement)
MovementSaved = saved(Movement)


class KardexEntry(Answer):
    """A ledger entry of a product's kardex, oldest first (views/reports.py: kardex_row)."""

    date: Timestamp = Field(description="when the stock moved")
    movement_id: int
    type: MovementType = Field(description=_TYPES)
    reference: str | None
    warehouse_id: int
    document_id: int | None = Field(description="the document that moved the stock (sale, return, cancellation)")
    quantity_in: Quantity = Field(description="units that entered the warehouse (0 when they left)")
    quantity_out: Quantity = Field(description="units that left the warehouse (0 when they entered)")
    balance: Quantity = Field(description="running balance after the entry (of the warehouse filter, or of all)")
    unit_cost: Money | None = Field(description="the movement line's unit cost, when it has one")


KardexPage = page_of(KardexEntry, "KardexPage")


class InventoryReportRow(Answer):
    """A warehouse and product holding stock, valued at weighted average cost."""

    warehouse_id: int
    warehouse_code: str
    product_id: int
    product_code: str
    product_name: str
    quantity: Quantity
    unit_cost: Money = Field(description="weighted average cost of the costed adjustment_in lines (0 without one)")
    value: Money = Field(description="quantity x unit_cost, rounded to 4 decimals")


class InventoryReportTotals(Answer):
    quantity: Quantity = Field(description="sum of the rows' quantities")
    value: Money = Field(description="sum of the rows' values")


class InventoryReport(Answer):
    """GET /reports/inventory: stock and its value per warehouse and product (by their codes), with totals."""

    data: list[InventoryReportRow]
    totals: InventoryReportTotals


ANSWERS: dict[str, type[Answer]] = {
    "lookups.products": ProductLookupPage,
    "products.list": ProductPage,
    "products.create": ProductSaved,
    "products.get": Product,
    "products.update": ProductSaved,
    "products.delete": ProductSaved,
    "warehouses.list": WarehousePage,
    "warehouses.create": WarehouseSaved,
    "warehouses.get": Warehouse,
    "warehouses.update": WarehouseSaved,
    "stock.list": StockPage,
    "movements.list": MovementPage,
    "movements.create": MovementSaved,
    "movements.get": Movement,
    "kardex.get": KardexPage,
    "reports.inventory": InventoryReport,
}
