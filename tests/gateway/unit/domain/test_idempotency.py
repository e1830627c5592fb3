"""The fingerprint of a request under an Idempotency-Key."""
from __future__ import annotations

import pytest

from services.gateway.domain.idempotency import canonical_body, request_fingerprint

pytestmark = pytest.mark.unit


def test_fingerprint_ignores_json_formatting_but_not_content():
    base = request_fingerprint("POST", "/api/v1/customers", b'{"a": 1, "b": [1, 2]}')
    assert request_fingerprint("post", "/api/v1/customers", b'{"b":[1,2],"a":1}') == base
    assert request_fingerprint("POST", "/api/v1/customers", b'{"a": 2, "b": [1, 2]}') != base
    assert request_fingerprint("PUT", "/api/v1/customers", b'{"a": 1, "b": [1, 2]}') != base
    assert request_fingerprint("POST", "/api/v1/customers?x=1", b'{"a": 1, "b": [1, 2]}') != base
    assert request_fingerprint("POST", "/p", b"not json") == request_fingerprint("POST", "/p", b"not json")
    assert request_fingerprint("POST", "/p", b"") == request_fingerprint("POST", "/p", b"  ")


def test_fingerprint_of_a_body_too_deep_to_parse_is_its_bytes():
    raw = b"[" * 100_000 + b"]" * 100_000
    assert canonical_body(raw) == raw
