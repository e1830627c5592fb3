"""Errors the gateway answers with, all in the public body `{"message", "errors"?}`."""
from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from shared.contracts.rpc import ServiceError

INTERNAL = "Error interno del servidor."
NOT_FOUND = "Recurso no encontrado."
HTTP_MESSAGES = {
    400: "Solicitud inválida.",
    404: NOT_FOUND,
    405: "Método no permitido para este recurso.",
    413: "La solicitud es demasiado grande.",
    415: "Tipo de contenido no soportado.",
}



def dumps(data: Any) -> str:
    """JSON text with UTF-8 characters ("Credenciales inválidas."), not \\u escapes (orjson: C speed)."""
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()


def json_response(data: Any, *, status: int = 200, headers: Any = None) -> web.Response:
    """`web.json_response` with the body encoded once by orjson."""
    return web.Response(body=orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS), status=status, headers=headers,
                        content_type="application/json", charset="utf-8")


class ApiError(ServiceError):
    """A ServiceError that may also carry response headers (e.g. Retry-After)."""

    def __init__(self, status: int, message: str, errors: dict[str, list[str]] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message, errors, status)
        self.headers = headers or {}


def unauthorized(message: str) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


def error_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> web.Response:
    return json_response(body, status=status, headers=headers)


def from_exception(exc: BaseException) -> web.Response | None:
    """The error response for a known exception; None for anything unexpected."""
    if isinstance(exc, ServiceError):
        return error_response(exc.status, exc.body(), getattr(exc, "headers", None))
    if isinstance(exc, web.HTTPException):
        if exc.status < 400:
            raise exc
        message = HTTP_MESSAGES.get(exc.status, exc.reason)
        keep = {k: v for k, v in exc.headers.items() if k in ("Allow", "Retry-After")}
        return error_response(exc.status, {"message": message}, keep)
    return None
