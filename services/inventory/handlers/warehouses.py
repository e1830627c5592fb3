"""warehouses.*: the company's warehouses."""
from __future__ import annotations

from typing import Any

from services.inventory.db import warehouses as db_warehouses
from services.inventory.process import catalogue
from services.inventory.views.warehouses import warehouse
from shared.contracts.inventory import WarehouseFields, WarehouseIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db.paging import paginate
from shared.rpc.params import path_id, tenant
from shared.rpc.replies import created, found, with_message
from shared.rpc.validation import validate_body


async def create_warehouse(req: RpcRequest, *, conn) -> RpcReply:
    body = validate_body(WarehouseIn, req.body)
    row = await catalogue.create_warehouse(conn, tenant(req), body)
    return created("Almacén creado correctamente.", warehouse(row))


async def update_warehouse(req: RpcRequest, *, conn) -> dict[str, Any]:
    changes = validate_body(WarehouseFields, req.body).model_dump(exclude_unset=True)
    row = await catalogue.update_warehouse(conn, tenant(req), path_id(req), changes)
    return with_message("Almacén actualizado correctamente.", warehouse(row))


async def get_warehouse(req: RpcRequest, *, conn) -> dict[str, Any]:
    return warehouse(found(await db_warehouses.warehouses.get(conn, tenant(req), path_id(req))))


async def list_warehouses(req: RpcRequest, *, conn) -> dict[str, Any]:
    company = tenant(req)
    return await paginate(req, lambda paging: db_warehouses.list_page(conn, company, paging), warehouse)
