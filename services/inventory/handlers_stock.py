"""inventory stock RPC handlers (movements, stock levels): thin; the work is in stock.py."""
from __future__ import annotations

from typing import Any

from services.inventory import db_stock, stock, views
from services.inventory.schemas import MovementIn
from shared.rpc.params import path_id, query_int, tenant
from shared.rpc.replies import created, found
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.rpc.validation import validate_body
from shared.db.outbox import Outbox
from shared.db.paging import page_body, paginate, parse_paging


async def create_movement(req: RpcRequest, *, conn, outbox: Outbox) -> RpcReply:
    company = tenant(req)
    body = validate_body(MovementIn, req.body).model_dump()
    items = body.pop("items")
    header = {**body, "created_by_user_id": req.identity.user_id}
    await stock.check_references(conn, company, header, items)
    movement_id = await stock.record_movement(conn, company, header, items, outbox=outbox)
    return created("Movimiento registrado correctamente.", await _movement(conn, company, movement_id))


async def get_movement(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await _movement(conn, tenant(req), path_id(req))


async def list_movements(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, paging = tenant(req), parse_paging(req)
    moves, total = await db_stock.list_movements(conn, company, query_int(req, "warehouse_id"),
                                                 query_int(req, "product_id"), paging)
    items = await db_stock.items_of(conn, [m["id"] for m in moves])
    return page_body([views.movement(m, items[m["id"]]) for m in moves], total, paging)


async def list_stock(req: RpcRequest, *, conn) -> dict[str, Any]:
    warehouse_id, product_id = query_int(req, "warehouse_id"), query_int(req, "product_id")
    return await paginate(req, lambda paging: db_stock.list_stock(conn, tenant(req), warehouse_id, product_id, paging),
                          views.stock_row)


async def _movement(conn, company: int, movement_id: int) -> dict[str, Any]:
    row = found(await db_stock.movements.get(conn, company, movement_id))
    items = await db_stock.items_of(conn, [movement_id])
    return views.movement(row, items[movement_id])
