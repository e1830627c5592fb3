"""RPC request/reply shapes and the errors a service handler may raise.

The gateway turns an HTTP call into an RpcRequest carrying the caller's identity;
the owning service answers with an RpcReply whose status becomes the HTTP status.
"""
from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Identity(BaseModel):
    """Who is calling, as established by the gateway. Services trust only this."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    company_id: int
    user_id: int | None = None
    api_key_id: int | None = None
    role: str | None = None
    scopes: list[str] = Field(default_factory=list)
    request_id: str | None = None


class RpcRequest(BaseModel):
    """One RPC call. `idempotency_key`: the client's Idempotency-Key (the gateway forwards it on
    POST/PUT/PATCH/DELETE); `call_id`: unique per call, made when the request is built, so a
    redelivered message is recognised by the service even without a key."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    method: str
    identity: Identity | None = None
    path_params: dict[str, str] = Field(default_factory=dict)
    query: dict[str, str] = Field(default_factory=dict)
    body: Any = None
    idempotency_key: str | None = Field(None, min_length=1, max_length=255)
    call_id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=1, max_length=64)


class RpcReply(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    status: int = 200
    body: Any = None


class ServiceError(Exception):
    """Raised by a handler; becomes an error reply `{"message", "errors"?}`."""

    status = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        if status is not None:
            self.status = status

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            out["errors"] = self.errors
        return out


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: str = "Recurso no encontrado."):
        super().__init__(message)


class Conflict(ServiceError):
    status = 409


class Forbidden(ServiceError):
    status = 403


class Unprocessable(ServiceError):
    status = 422

    def __init__(self, errors: dict[str, list[str]], message: str | None = None):
        first = next(iter(errors.values()), ["Los datos proporcionados no son válidos."])[0]
        super().__init__(message or first, errors)


class Unavailable(ServiceError):
    status = 503
