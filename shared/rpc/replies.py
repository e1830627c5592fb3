"""Reply bodies shared by every service: `{"message": "...", "data": {...}}`, and the 404."""
from __future__ import annotations

from typing import Any, TypeVar

from shared.contracts.rpc import NotFound, RpcReply

T = TypeVar("T")


def with_message(message: str, data: Any) -> dict[str, Any]:
    """Body of an update (200): the Spanish message and the saved resource."""
    return {"message": message, "data": data}


def created(message: str, data: Any) -> RpcReply:
    """A 201 reply with the created resource, as the published create endpoints answer."""
    return RpcReply(status=201, body=with_message(message, data))


def found(row: T | None) -> T:
    """The row, or the 404 `Recurso no encontrado.` (also for another company's id)."""
    if row is None:
        raise NotFound()
    return row
