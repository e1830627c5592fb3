"""Idempotency-Key on POST/PUT/PATCH/DELETE, scoped by company + principal + key.

Same key and same request (method, path, body) within IDEMPOTENCY_TTL_HOURS
replays the first response with `Idempotent-Replayed: true`; a different request
is 409; a duplicate while the first still runs is 409 "Solicitud en proceso".
5xx answers are not stored, so the client can retry with the same key. The key also
travels with the RPC (RpcRequest.idempotency_key): the owning service remembers it with
what it created, so a retry after a released or lost record here creates nothing twice.
"""
from __future__ import annotations

from aiohttp import web

from services.gateway.appkeys import IDEMPOTENCY_BODY, POOL, PRINCIPAL, SETTINGS
from services.gateway.db import idempotency as store
from services.gateway.domain.idempotency import request_fingerprint
from services.gateway.errors import ApiError, from_exception
from shared.db.request_keys import DIFFERENT_REQUEST, IN_PROGRESS

METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


@web.middleware
async def idempotency(request: web.Request, handler) -> web.StreamResponse:
    key = request.headers.get(HEADER)
    principal = request.get(PRINCIPAL)
    if key is None or request.method not in METHODS or principal is None:
        return await handler(request)
    key = key.strip()
    if not 1 <= len(key) <= 255:
        raise ApiError(422, "El encabezado Idempotency-Key no es válido.",
                       {HEADER: ["Debe tener entre 1 y 255 caracteres."]})
    scope = (principal.company_id or 0, principal.name, key)
    fingerprint = request_fingerprint(request.method, request.path_qs, await request.read())
    previous = await _claim(request.app, scope, fingerprint)
    if previous is not None:
        return previous
    return await _run_and_record(request, handler, scope)


async def _claim(app: web.Application, scope: store.Scope, fingerprint: str) -> web.Response | None:
    """None when this request runs now; else the replay (or raises the 409)."""
    settings, pool = app[SETTINGS], app[POOL]
    for _ in range(3):  # a record released between our two statements: claim again
        if await store.claim(pool, scope, fingerprint, settings.idempotency_ttl_hours,
                             settings.idempotency_lock_seconds):
            return None
        row = await store.find(pool, scope)
        if row is not None:
            return _replay(row, fingerprint)
    raise ApiError(409, IN_PROGRESS)


def _replay(row, fingerprint: str) -> web.Response:
    if row["fingerprint"] != fingerprint:
        raise ApiError(409, DIFFERENT_REQUEST)
    if row["state"] != "done":
        raise ApiError(409, IN_PROGRESS)
    headers = {REPLAYED: "true"}
    if row["content_type"]:
        headers["Content-Type"] = row["content_type"]
    return web.Response(status=row["status"], body=row["body"], headers=headers)


async def _run_and_record(request: web.Request, handler, scope: store.Scope) -> web.StreamResponse:
    pool = request.app[POOL]
    try:
        response = await handler(request)
    except Exception as exc:
        response = from_exception(exc)
        if response is None:
            await store.release(pool, scope)
            raise
    except BaseException:
        await store.release(pool, scope)
        raise
    body = response.get(IDEMPOTENCY_BODY, getattr(response, "body", None))
    if response.status >= 500 or not isinstance(body, bytes):
        await store.release(pool, scope)
    else:
        await store.finish(pool, scope, response.status, response.headers.get("Content-Type"), body)
    return response
