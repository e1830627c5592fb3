"""The error and request-id middlewares on a tiny app (no database, no broker)."""
from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from services.gateway.errors import ApiError
from services.gateway.middlewares import errors, request_context
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit


async def crash(_request):
    raise RuntimeError("unexpected")


async def limited(_request):
    raise ApiError(429, "Demasiadas solicitudes.", headers={"Retry-After": "7"})


async def invalid(_request):
    raise Unprocessable({"items.0.quantity": ["El campo items.0.quantity es obligatorio."]})


@pytest.fixture
async def client():
    app = web.Application(middlewares=[request_context, errors])
    app.router.add_get("/crash", crash)
    app.router.add_get("/limited", limited)
    app.router.add_post("/invalid", invalid)
    async with TestClient(TestServer(app)) as c:
        yield c


async def test_unexpected_exception_is_a_500_error_body_with_request_id(client):
    resp = await client.get("/crash", headers={"X-Request-Id": "r-500"})
    assert resp.status == 500 and await resp.json() == {"message": "Error interno del servidor."}
    assert resp.headers["X-Request-Id"] == "r-500"


async def test_api_errors_keep_their_headers_and_422_has_field_paths(client):
    resp = await client.get("/limited")
    assert resp.status == 429 and resp.headers["Retry-After"] == "7"
    body = await (await client.post("/invalid")).json()
    assert body == {"message": "El campo items.0.quantity es obligatorio.",
                    "errors": {"items.0.quantity": ["El campo items.0.quantity es obligatorio."]}}


async def test_router_errors_use_the_error_body(client):
    missing = await client.get("/nothing")
    assert missing.status == 404 and await missing.json() == {"message": "Recurso no encontrado."}
    wrong = await client.delete("/crash")
    assert wrong.status == 405 and "GET" in wrong.headers["Allow"]
    assert (await wrong.json())["message"] == "Método no permitido para este recurso."
