"""Request ids, access log and metrics on every response; every failure as the public error body."""
from __future__ import annotations

import asyncio
import logging
import re
import time

from aiohttp import web

from services.gateway.appkeys import REQUEST_ID
from services.gateway.errors import INTERNAL, error_response, from_exception
from shared.observability import context
from shared.observability.metrics import HTTP_REQUESTS, HTTP_SECONDS

log = logging.getLogger("services.gateway.access")
_REQUEST_ID = re.compile(r"[\w.:@/+=-]{1,128}")
BAD_REQUEST_ID = ("El encabezado X-Request-Id no es válido: de 1 a 128 letras, dígitos o los signos "
                  "_ . : @ / + = -.")


def route_label(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def request_context(request: web.Request, handler) -> web.StreamResponse:
    """X-Request-Id (the client's, or a new one) on every response; access log; metrics."""
    given = request.headers.get("X-Request-Id")
    valid = given is None or _REQUEST_ID.fullmatch(given) is not None
    rid = given if given is not None and valid else context.new_id()
    context.request_id.set(rid)
    request[REQUEST_ID] = rid
    started = time.perf_counter()
    # a request id out of its pattern (empty, spaces, over 128) is refused, as /openapi.json says
    response = await handler(request) if valid else error_response(
        422, {"message": BAD_REQUEST_ID, "errors": {"X-Request-Id": [BAD_REQUEST_ID]}})
    elapsed = time.perf_counter() - started
    response.headers["X-Request-Id"] = rid
    route = route_label(request)
    HTTP_REQUESTS.labels(request.method, route, str(response.status)).inc()
    HTTP_SECONDS.labels(request.method, route).observe(elapsed)
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
