"""Products and warehouses: creates and updates checked against the catalogue's rules."""
from __future__ import annotations

from services.inventory.db import products as db_products
from services.inventory.db import warehouses as db_warehouses
from services.inventory.domain import catalogue, tax
from shared.contracts.inventory import ProductIn, WarehouseIn
from shared.contracts.rpc import Unprocessable
from shared.db.errors import unique_or_422
from shared.db.rows import Row, TenantTable
from shared.rpc.replies import found


async def create_product(conn, company_id: int, body: ProductIn) -> Row:
    fields = tax.tax_defaults(body.model_dump())
    _check_tax(fields)
    return await unique_or_422(db_products.products.insert(conn, company_id, fields), db_products.UNIQUE_FIELDS)


async def update_product(conn, company_id: int, product_id: int, changes: dict) -> Row:
    """404 for another company's id; 422 for a rate the SRI does not know, or a product
    with stock that would stop tracking it."""
    current, fields = await _merged(conn, db_products.products, company_id, product_id, changes,
                                    catalogue.PRODUCT_REQUIRED)
    _check_tax(fields)
    if current["tracks_stock"] and not fields["tracks_stock"] \
            and await db_products.in_stock(conn, company_id, product_id):
        raise Unprocessable({"tracks_stock": ["El producto tiene stock; no puede dejar de controlar inventario."]})
    return await unique_or_422(db_products.products.update(conn, company_id, product_id, fields),
                               db_products.UNIQUE_FIELDS)


async def create_warehouse(conn, company_id: int, body: WarehouseIn) -> Row:
    return await unique_or_422(db_warehouses.warehouses.insert(conn, company_id, body.model_dump()),
                               db_warehouses.UNIQUE_FIELDS)


async def update_warehouse(conn, company_id: int, warehouse_id: int, changes: dict) -> Row:
    _, fields = await _merged(conn, db_warehouses.warehouses, company_id, warehouse_id, changes,
                              catalogue.WAREHOUSE_REQUIRED)
    return await unique_or_422(db_warehouses.warehouses.update(conn, company_id, warehouse_id, fields),
                               db_warehouses.UNIQUE_FIELDS)


async def _merged(conn, table: TenantTable, company_id: int, row_id: int, changes: dict,
                  required: tuple[str, ...]):
    """(current row locked for update, its columns with the changes); 404 / 422 otherwise."""
    current = found(await table.get(conn, company_id, row_id, for_update=True))
    fields = table.merged(current, changes)
    errors = catalogue.missing_required(fields, required)
    if errors:
        raise Unprocessable(errors)
    return current, fields


def _check_tax(fields: dict) -> None:
    errors = tax.tax_errors(fields["tax_rate"], fields.get("tax_exemption"))
    if errors:
        raise Unprocessable(errors)
