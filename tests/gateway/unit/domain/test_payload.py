"""What a client may send: NUL characters, nesting depth and non-finite numbers (domain/payload.py)."""
from __future__ import annotations

import pytest

from services.gateway.domain import payload
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit


def refused(fn, value) -> dict:
    with pytest.raises(Unprocessable) as exc:
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
