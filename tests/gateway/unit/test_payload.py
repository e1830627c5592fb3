"""What a client may send: NUL characters and nesting depth (payload.py), and read_json's errors."""
from __future__ import annotations

import pytest

from services.gateway import payload
from services.gateway.domain import canonical_body
from services.gateway.errors import ApiError
from services.gateway.views import read_json

pytestmark = pytest.mark.unit


def refused(fn, value) -> dict:
    with pytest.raises(ApiError) as exc:
        fn(value)
    assert exc.value.status == 422
    return exc.value.errors


@pytest.mark.parametrize("body,path", [
    ({"name": "a\x00b"}, "name"),
    ({"items": [{"quantity": 1}, {"description": "\x00"}]}, "items.1.description"),
    ({"document_types": ["invoice", "x\x00"]}, "document_types.1"),
    ({"bad\x00key": 1}, "badkey"),
    ("\x00", "body"),
])
def test_nul_is_a_422_on_its_field(body, path):
    assert list(refused(payload.check_body, body)) == [path]


def test_depth_is_limited_without_recursion():
    deep: list = []
    for _ in range(payload.MAX_DEPTH + 1):
        deep = [deep]
    assert refused(payload.check_body, {"items": deep}) == {"body": [payload.TOO_DEEP]}
    payload.check_body({"items": [{"quantity": "1", "tags": ["a"]}], "next_numbers": {"invoice": 1}})


def test_query_with_nul_is_a_422_on_the_parameter():
    assert payload.check_query({"q": "ab", "page": "2"}) == {"q": "ab", "page": "2"}
    assert list(refused(payload.check_query, {"page": "1", "q": "a\x00"})) == ["q"]


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
    with pytest.raises(ApiError) as exc:
        await read_json(_Body(raw))
    assert exc.value.status == 422 and reason in sum(exc.value.errors.values(), [])


async def test_read_json_keeps_finite_numbers():
    assert await read_json(_Body(b'{"price": 1.5e3, "quantity": 2, "big": 100000000000000000000}')) == \
        {"price": 1500.0, "quantity": 2, "big": 10**20}


def test_fingerprint_of_a_body_too_deep_to_parse_is_its_bytes():
    raw = b"[" * 100_000 + b"]" * 100_000
    assert canonical_body(raw) == raw
