"""movements.*: manual adjustments and transfers, and the movement history."""
from __future__ import annotations

from typing import Any

from services.inventory.db import movements as db_movements
from services.inventory.process import stock
from services.inventory.views.stock import movement
from shared.contracts.inventory import MovementIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.db import request_keys
from shared.db.outbox import Outbox
from shared.db.paging import page_body, parse_paging
from shared.rpc.params import path_id, query_int, tenant
from shared.rpc.replies import created, found
from shared.rpc.validation import validate_body


async def create_movement(req: RpcRequest, *, conn, outbox: Outbox) -> RpcReply:
    company = tenant(req)
    body = validate_body(MovementIn, req.body)
    # once per request: a retry (same Idempotency-Key) or a redelivered message answers with the first movement
    movement_id = await request_keys.exactly_once(
        conn, request_keys.of(req), "movement",
        lambda: stock.record_manual(conn, outbox, company, body, req.identity.user_id))
    return created("Movimiento registrado correctamente.", await _movement(conn, company, movement_id))


async def get_movement(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await _movement(conn, tenant(req), path_id(req))


async def list_movements(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, paging = tenant(req), parse_paging(req)
    moves, total = await db_movements.list_page(conn, company, query_int(req, "warehouse_id"),
                                                query_int(req, "product_id"), paging)
    items = await db_movements.items_of(conn, [m["id"] for m in moves])
    return page_body([movement(m, items[m["id"]]) for m in moves], total, paging)


async def _movement(conn, company: int, movement_id: int) -> dict[str, Any]:
    row = found(await db_movements.movements.get(conn, company, movement_id))
    items = await db_movements.items_of(conn, [movement_id])
    return movement(row, items[movement_id])
