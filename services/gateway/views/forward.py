"""The RPC forwarder: one view per routes.Forward row, calling the owning service."""
from __future__ import annotations

from aiohttp import web

from services.gateway.appkeys import IDEMPOTENCY_BODY, REQUEST_ID, RPC
from services.gateway.domain import payload
from services.gateway.errors import ApiError, dumps, json_response
from services.gateway.middlewares.idempotency import HEADER
from services.gateway.views.common import RETRY, identity, principal, read_json
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def call(request: web.Request, fwd, req: RpcRequest) -> RpcReply:
    """The service's reply; a 503 with Retry-After when it is away or too slow."""
    try:
        return await request.app[RPC].call(fwd.service, req, timeout=fwd.timeout)
    except RpcTimeout:
        raise ApiError(503, f"El servicio {fwd.service} no respondió a tiempo. Intente nuevamente en unos "
                            "segundos.", headers=RETRY) from None
    except RpcUnavailable:
        raise ApiError(503, f"El servicio {fwd.service} no está disponible en este momento. Intente "
                            "nuevamente en unos segundos.", headers=RETRY) from None


def idempotency_key(request: web.Request) -> str | None:
    """The client's Idempotency-Key (checked by middlewares/idempotency.py) on the methods that change things."""
    key = request.headers.get(HEADER, "").strip() if request.method in BODY_METHODS else ""
    return key or None


def forward_to(fwd):
    """The handler that turns an HTTP call into an RPC to `fwd.service` (a routes.Forward)."""
    async def forward(request: web.Request) -> web.StreamResponse:
        query = payload.check_query(request.query)
        body = await read_json(request) if request.method in BODY_METHODS else None
        req = RpcRequest(method=fwd.rpc, identity=identity(principal(request), request.get(REQUEST_ID)),
                         path_params=dict(request.match_info), query=query, body=body,
                         idempotency_key=idempotency_key(request))
        reply = await call(request, fwd, req)
        if reply.status == 204:
            return web.Response(status=204)
        response = json_response(reply.body, status=reply.status)
        if reply.status == 503:  # the service asks to come back later (never kept under the Idempotency-Key)
            response.headers.update(RETRY)
        if fwd.shown_once and isinstance((reply.body or {}).get("data"), dict):
            # what the Idempotency-Key replays: the same answer without the secret shown once
            hidden = {**reply.body["data"], **dict.fromkeys(fwd.shown_once)}
            response[IDEMPOTENCY_BODY] = dumps({**reply.body, "data": hidden}).encode()
        return response

    forward.__name__ = forward.__qualname__ = f"forward_{fwd.rpc.replace('.', '_')}"
    return forward
