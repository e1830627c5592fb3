"""Request pipeline, outermost first: ids + access log + metrics, errors -> JSON,
authentication and permission checks, rate limit, idempotency (idempotency.py).

Nothing here logs headers or bodies: Authorization, X-API-Key, passwords and
tokens never reach the logs.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time

from aiohttp import web

from services.gateway.auth import authenticate
from services.gateway.domain import access_denial
from services.gateway.errors import INTERNAL, ApiError, error_response, from_exception
from services.gateway.keys import LIMITER, PRINCIPAL, REQUEST_ID, ROUTE_ACCESS
from shared.observability import context
from shared.observability.metrics import HTTP_REQUESTS, HTTP_SECONDS

log = logging.getLogger("services.gateway.access")
_REQUEST_ID = re.compile(r"^[\w.:@/+=-]{1,128}$")


def route_label(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def request_context(request: web.Request, handler) -> web.StreamResponse:
    """X-Request-Id (the client's, or a new one) on every response; access log; metrics."""
    given = request.headers.get("X-Request-Id", "")
    rid = given if _REQUEST_ID.match(given) else context.new_id()
    context.request_id.set(rid)
    request[REQUEST_ID] = rid
    started = time.perf_counter()
    response = await handler(request)
    elapsed = time.perf_counter() - started
    response.headers["X-Request-Id"] = rid
    route = route_label(request)
    HTTP_REQUESTS.labels(request.method, route, str(response.status)).inc()
    HTTP_SECONDS.labels(route).observe(elapsed)
    log.info("http request", extra={"fields": {
        "method": request.method, "route": route, "status": response.status, "ms": round(elapsed * 1000, 1)}})
    return response


@web.middleware
async def errors(request: web.Request, handler) -> web.StreamResponse:
    """Every failure becomes `{"message", "errors"?}`; unexpected ones are a logged 500."""
    try:
        return await handler(request)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        response = from_exception(exc)
        if response is None:
            log.exception("unhandled error", extra={"fields": {"method": request.method,
                                                               "route": route_label(request)}})
            response = error_response(500, {"message": INTERNAL})
        return response


@web.middleware
async def access_control(request: web.Request, handler) -> web.StreamResponse:
    """401 without valid credentials, 403 when module, role, scope or tenant forbid."""
    access = request.app[ROUTE_ACCESS].get(request.match_info.route)
    if access is None or access.public:  # health endpoints, login, or 404/405 raised by the handler
        return await handler(request)
    principal = await authenticate(request, access.context, access.company)
    if access.module is not None:
        reason = access_denial(principal, access.module, access.verb)
        if reason:
            raise ApiError(403, reason)
    request[PRINCIPAL] = principal
    return await handler(request)


@web.middleware
async def rate_limit(request: web.Request, handler) -> web.StreamResponse:
    """Per API key or user; unauthenticated API calls (login) per client address."""
    principal = request.get(PRINCIPAL)
    if principal is not None:
        key = principal.name
    elif request.path.startswith("/api/"):
        key = f"ip:{request.remote}"
    else:
        return await handler(request)
    wait = request.app[LIMITER].take(key)
    if wait:
        unit = "segundo" if wait == 1 else "segundos"
        raise ApiError(429, f"Demasiadas solicitudes. Intente nuevamente en {wait} {unit}.",
                       headers={"Retry-After": str(wait)})
    return await handler(request)
