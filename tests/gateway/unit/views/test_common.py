"""read_json: the body a view reads, refused with a 422 when malformed or hostile."""
from __future__ import annotations

import pytest

from services.gateway.domain import payload
from services.gateway.views.common import BAD_JSON, read_json
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit


class _Body:
    def __init__(self, raw: bytes):
        self.raw = raw

    async def read(self) -> bytes:
        return self.raw


@pytest.mark.parametrize("raw,reason", [
    (b"[" * 100_000 + b"]" * 100_000, payload.TOO_DEEP),
    (b'{"a": "\\u0000"}', "El campo a contiene caracteres no permitidos."),
    (b'{"items": [{"quantity": NaN}]}', "El campo items.0.quantity debe ser un número finito."),
    (b'{"price": -Infinity}', "El campo price debe ser un número finito."),
    (b'{"price": 1e999}', "El campo price debe ser un número finito."),
])
async def test_read_json_refuses_hostile_bodies_with_a_422(raw, reason):
    with pytest.raises(Unprocessable) as exc:
        await read_json(_Body(raw))
    assert exc.value.status == 422 and reason in sum(exc.value.errors.values(), [])


async def test_read_json_keeps_finite_numbers():
    assert await read_json(_Body(b'{"price": 1.5e3, "quantity": 2, "big": 100000000000000000000}')) == \
        {"price": 1500.0, "quantity": 2, "big": 10**20}


@pytest.mark.parametrize("raw,reason", [
    (b'{"a": ', "Error de sintaxis en la línea 1, columna 7."),
    (b'{"a": "\xff"}', "El cuerpo debe estar codificado en UTF-8."),
])
async def test_read_json_names_malformed_json(raw, reason):
    with pytest.raises(Unprocessable) as exc:
        await read_json(_Body(raw))
    assert exc.value.body() == {"message": BAD_JSON, "errors": {"body": [reason]}}


async def test_an_empty_body_is_none():
    assert await read_json(_Body(b" \n")) is None
