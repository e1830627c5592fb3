"""429 with Retry-After when a caller exceeds its rate (the token buckets: domain/ratelimit.py)."""
from __future__ import annotations

from aiohttp import web

from services.gateway.appkeys import LIMITER, PRINCIPAL
from services.gateway.errors import ApiError


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
