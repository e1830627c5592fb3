"""products.* and lookups.products: the catalogue's products (products.resolve is called by documents)."""
from __future__ import annotations

from typing import Any

from services.inventory.db import products as db_products
from services.inventory.process import catalogue
from services.inventory.views.products import product, product_lookup, product_resolved
from shared.contracts.inventory import ProductFields, ProductIdsIn, ProductIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db.paging import paginate
from shared.messaging.inject import read_only
from shared.rpc.params import path_id, query_active, query_str, tenant
from shared.rpc.replies import created, found, with_message
from shared.rpc.validation import validate_body


async def create_product(req: RpcRequest, *, conn) -> RpcReply:
    company = tenant(req)
    row = await catalogue.create_product(conn, company, validate_body(ProductIn, req.body))
    return created("Producto creado correctamente.", product(row))


async def update_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, product_id = tenant(req), path_id(req)
    changes = validate_body(ProductFields, req.body).model_dump(exclude_unset=True)
    row = await catalogue.update_product(conn, company, product_id, changes)
    return with_message("Producto actualizado correctamente.", product(row))


async def get_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    return product(found(await db_products.products.get(conn, tenant(req), path_id(req))))


async def delete_product(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Soft delete: the product becomes inactive (documents and movements keep it)."""
    row = found(await db_products.products.deactivate(conn, tenant(req), path_id(req)))
    return with_message("Producto eliminado correctamente.", product(row))


async def list_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, q, active = tenant(req), query_str(req, "q"), query_active(req)
    return await paginate(req, lambda paging: db_products.search(conn, company, q, active, paging), product)


async def lookup_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, q = tenant(req), query_str(req, "q")
    return await paginate(req, lambda paging: db_products.search(conn, company, q, True, paging), product_lookup)


@read_only
async def resolve_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    """The company's active products among the ids; the others are simply absent."""
    company, body = tenant(req), validate_body(ProductIdsIn, req.body)
    rows = await db_products.products.by_ids(conn, company, body.product_ids)
    return {"products": {str(pid): product_resolved(p) for pid, p in rows.items() if p["active"]}}
