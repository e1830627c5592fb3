"""inventory RPC for documents: products.resolve, reservations.create / release (thin)."""
from __future__ import annotations

from typing import Any

from services.inventory import db, reservations, views
from services.inventory.schemas import DocumentRef, ProductIdsIn, ReservationIn
from shared.rpc.params import tenant
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.rpc.validation import validate_body


async def resolve_products(req: RpcRequest, *, conn) -> dict[str, Any]:
    """The company's active products among the ids; the others are simply absent."""
    body = validate_body(ProductIdsIn, req.body)
    found = await db.products.by_ids(conn, tenant(req), body.product_ids)
    return {"products": {str(pid): views.product_resolved(p) for pid, p in found.items() if p["active"]}}


async def create_reservation(req: RpcRequest, *, conn) -> RpcReply:
    """201 with the reservation, also when it already existed (same answer on a repeated request)."""
    row, items = await reservations.reserve(conn, tenant(req), validate_body(ReservationIn, req.body))
    return RpcReply(status=201, body=views.reservation(row, items))


async def release_reservation(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await reservations.release(conn, tenant(req), validate_body(DocumentRef, req.body).document_id)
