"""The RPC calls documents makes to inventory, sequencing and payments, with their answers turned into ours.

A 4xx from them passes through unchanged (e.g. inventory's 422 naming the line
without stock); a service that is down or slow is a 503 and nothing is recorded.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Sequence

from services.documents.domain.pricing import product_of
from shared.contracts.rpc import Identity, RpcReply, RpcRequest, ServiceError, Unavailable, Unprocessable
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

log = logging.getLogger(__name__)
LABELS = {"inventory": "inventario", "sequencing": "numeración", "payments": "pagos"}
NOT_RECORDED, NOT_CANCELLED = "el documento no se registró", "el documento no se anuló"


class Passthrough(ServiceError):
    """Another service's error answer, returned to our caller as it came."""

    def __init__(self, reply: RpcReply):
        body = reply.body if isinstance(reply.body, dict) else {"message": str(reply.body)}
        super().__init__(body.get("message") or "Solicitud rechazada.", body.get("errors"), reply.status)
        self.raw = body

    def body(self) -> dict[str, Any]:
        return self.raw


async def call(rpc, caller: Identity, service: str, method: str, body: Any = None,
               path_params: dict[str, str] | None = None, outcome: str = NOT_RECORDED) -> RpcReply:
    """One RPC with the caller's identity; 5xx, timeouts and absence are our 503 (saying `outcome`)."""
    request = RpcRequest(method=method, identity=caller, body=body, path_params=path_params or {})
    try:
        reply = await rpc.call(service, request)
    except (RpcTimeout, RpcUnavailable):
        reply = None
    if reply is None or reply.status >= 500:
        raise unavailable(service, outcome)
    return reply


def unavailable(service: str, outcome: str) -> Unavailable:
    return Unavailable(f"El servicio de {LABELS[service]} no está disponible en este momento; {outcome}. "
                       "Intente nuevamente en unos segundos.")


def ok(reply: RpcReply) -> Any:
    if reply.status >= 400:
        raise Passthrough(reply)
    return reply.body


async def resolve_products(rpc, caller: Identity, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Company products by id (another company's or unknown ids are simply absent)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = ok(await call(rpc, caller, "inventory", "products.resolve", {"product_ids": wanted}))["products"]
    return {int(pid): product_of(p) for pid, p in found.items()}


async def resolve_series(rpc, caller: Identity, document_type: str, series: str | None,
                         default_series: str | None, number: int | None = None) -> dict[str, Any]:
    """The series (given or the company's default) and its establishment and emission point;
    sequencing also refuses a manual `number` the series does not allow (422) or has used (409)."""
    body = {"type": document_type, "series": series, "default_series": default_series, "number": number}
    return ok(await call(rpc, caller, "sequencing", "series.resolve", body))


async def check_warehouse(rpc, caller: Identity, warehouse_id: int) -> None:
    """422 on warehouse_id when it is not one of the company's warehouses."""
    reply = await call(rpc, caller, "inventory", "warehouses.get", path_params={"id": str(warehouse_id)})
    if reply.status == 404:
        raise Unprocessable({"warehouse_id": ["La bodega seleccionada no existe."]})
    ok(reply)


async def reserve(rpc, caller: Identity, document_id: int, warehouse_id: int, lines: list[dict[str, Any]],
                  ttl_seconds: int) -> None:
    """Reserve the stock lines (idempotent on the document id); no stock is inventory's 422."""
    items = [{"line": ln["line"], "product_id": ln["product_id"], "quantity": str(ln["quantity"])} for ln in lines]
    ok(await call(rpc, caller, "inventory", "reservations.create", {
        "document_id": document_id, "warehouse_id": warehouse_id, "items": items, "ttl_seconds": ttl_seconds}))


async def release(rpc, caller: Identity, document_id: int) -> None:
    """Best effort: a reservation nobody confirms also expires on its own."""
    try:
        await rpc.call("inventory", RpcRequest(method="reservations.release", identity=caller,
                                               body={"document_id": document_id}))
    except Exception as exc:  # noqa: BLE001 - never hide the caller's own error
        log.warning("reservation not released", extra={"fields": {"document_id": document_id, "error": repr(exc)}})


@asynccontextmanager
async def reservation(rpc, caller: Identity, document_id: int, warehouse_id: int | None, lines: list[dict[str, Any]],
                      ttl_seconds: int) -> AsyncIterator[None]:
    """Reserve the stock lines (if any) around recording them: inventory's 422 when short, and a block
    that fails releases the reservation, so nothing is recorded, numbered or moved."""
    if lines:
        await reserve(rpc, caller, document_id, warehouse_id, lines, ttl_seconds)
    try:
        yield
    except BaseException:
        if lines:
            await release(rpc, caller, document_id)
        raise


async def close_receivable(rpc, caller: Identity, document_id: int, document_type: str) -> None:
    """payments' cancel guard, `receivables.close` (idempotent): the document's receivable is closed,
    or it has applied payments (payments' 409 and its reason pass through)."""
    reply = await call(rpc, caller, "payments", "receivables.close",
                       {"document_id": document_id, "document_type": document_type}, outcome=NOT_CANCELLED)
    closed(reply)


def closed(reply: RpcReply) -> None:
    """The answer to `receivables.close`: 2xx closed, 409 refused with payments' reason; anything else
    (e.g. a payments without the method) cannot say the document has no payments: our 503."""
    if reply.status == 409:
        raise Passthrough(reply)
    if not 200 <= reply.status < 300:
        log.warning("unexpected receivables.close reply", extra={"fields": {"status": reply.status}})
        raise unavailable("payments", NOT_CANCELLED)
