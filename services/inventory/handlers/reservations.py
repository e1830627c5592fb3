"""reservations.*: documents reserves stock before recording a document, and releases it."""
from __future__ import annotations

from typing import Any

from services.inventory.process import reservations
from services.inventory.views.stock import reservation
from shared.contracts.inventory import DocumentRef, ReservationIn
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.rpc.params import tenant
from shared.rpc.validation import validate_body


async def create_reservation(req: RpcRequest, *, conn) -> RpcReply:
    """201 with the reservation, also when it already existed (same answer on a repeated request)."""
    row, items = await reservations.reserve(conn, tenant(req), validate_body(ReservationIn, req.body))
    return RpcReply(status=201, body=reservation(row, items))


async def release_reservation(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await reservations.release(conn, tenant(req), validate_body(DocumentRef, req.body).document_id)
