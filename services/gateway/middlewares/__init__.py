"""The request pipeline, outermost first (PIPELINE): request ids + access log + metrics, errors -> JSON,
authentication and permission checks, rate limit, idempotency.

Nothing here logs headers or bodies: Authorization, X-API-Key, passwords and
tokens never reach the logs.
"""
from __future__ import annotations

from services.gateway.middlewares.authentication import access_control
from services.gateway.middlewares.context import errors, request_context
from services.gateway.middlewares.idempotency import idempotency
from services.gateway.middlewares.ratelimit import rate_limit

__all__ = ["PIPELINE", "access_control", "errors", "idempotency", "rate_limit", "request_context"]

PIPELINE = [request_context, errors, access_control, rate_limit, idempotency]
