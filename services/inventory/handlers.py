"""inventory catalogue RPC handlers (products, warehouses): thin; SQL in db.py."""
from __future__ import annotations

from typing import Any

from services.inventory import db, domain, views
from services.inventory.schemas import ProductFields, ProductIn, WarehouseFields, WarehouseIn
from shared.rpc.params import path_id, query_active, query_str, tenant
from shared.rpc.replies import created, found, with_message
from shared.contracts.rpc import RpcReply, RpcRequest, Unprocessable
from shared.rpc.validation import validate_body
from shared.db.errors import unique_or_422
from shared.db.paging import paginate
from shared.db.rows import TenantTable

PRODUCT_REQUIRED = ("code", "name", "price", "tracks_stock", "tax_rate")
WAREHOUSE_REQUIRED = ("code", "name", "active")


async def create_product(req: RpcRequest, *, conn) -> RpcReply:
    company = tenant(req)
    fields = domain.tax_defaults(validate_body(ProductIn, req.body).model_dump())
    _check_tax(fields)
    row = await unique_or_422(db.products.insert(conn, company, fields), db.UNIQUE_FIELDS)
    return created("Producto creado correctamente.", views.product(row))


async def update_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, product_id = tenant(req), path_id(req)
    current, fields = await _merged(req, conn, db.products, ProductFields, PRODUCT_REQUIRED)
    _check_tax(fields)
    if current["tracks_stock"] and not fields["tracks_stock"] and await db.product_in_stock(conn, company, product_id):
        raise Unprocessable({"tracks_stock": ["El producto tiene stock; no puede dejar de controlar inventario."]})
    row = await unique_or_422(db.products.update(conn, company, product_id, fields), db.UNIQUE_FIELDS)
    return with_message("Producto actualizado correctamente.", views.product(row))


async def get_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.product(found(await db.products.get(conn, tenant(req), path_id(req))))


async def delete_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Soft delete: the product becomes inactive (documents and movements keep it)."""
    row = found(await db.products.deactivate(conn, tenant(req), path_id(req)))
    return with_message("Producto eliminado correctamente.", views.product(row))


async def list_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    q, active = query_str(req, "q"), query_active(req)
    return await paginate(req, lambda paging: db.search_products(conn, tenant(req), q, active, paging),
                          views.product)


async def lookup_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    q = query_str(req, "q")
    return await paginate(req, lambda paging: db.search_products(conn, tenant(req), q, True, paging),
                          views.product_lookup)


async def create_warehouse(req: RpcRequest, *, conn) -> RpcReply:
    body = validate_body(WarehouseIn, req.body)
    row = await unique_or_422(db.warehouses.insert(conn, tenant(req), body.model_dump()), db.UNIQUE_FIELDS)
    return created("Almacén creado correctamente.", views.warehouse(row))


async def update_warehouse(req: RpcRequest, *, conn) -> dict[str, Any]:
    _, fields = await _merged(req, conn, db.warehouses, WarehouseFields, WAREHOUSE_REQUIRED)
    row = await unique_or_422(db.warehouses.update(conn, tenant(req), path_id(req), fields), db.UNIQUE_FIELDS)
    return with_message("Almacén actualizado correctamente.", views.warehouse(row))


async def get_warehouse(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.warehouse(found(await db.warehouses.get(conn, tenant(req), path_id(req))))


async def list_warehouses(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await paginate(req, lambda paging: db.list_warehouses(conn, tenant(req), paging), views.warehouse)


async def _merged(req: RpcRequest, conn, table: TenantTable, model, required: tuple[str, ...]):
    """(current row locked for update, its columns with the body's changes); 404 / 422 otherwise.

    An update may change any field but not clear a required one.
    """
    changes = validate_body(model, req.body).model_dump(exclude_unset=True)
    current = found(await table.get(conn, tenant(req), path_id(req), for_update=True))
    fields = table.merged(current, changes)
    errors = {n: [f"El campo {n} es obligatorio."] for n in required if fields.get(n) is None}
    if errors:
        raise Unprocessable(errors)
    return current, fields


def _check_tax(fields: dict) -> None:
    errors = domain.tax_errors(fields["tax_rate"], fields.get("tax_exemption"))
    if errors:
        raise Unprocessable(errors)
