"""API keys and session tokens."""
from __future__ import annotations

import re

import pytest

from services.gateway.domain.credentials import hash_secret, key_prefix, new_api_key

pytestmark = pytest.mark.unit


def test_new_api_keys_have_the_format_and_are_unique():
    keys = {new_api_key() for _ in range(50)}
    assert len(keys) == 50
    for key, prefix in keys:
        assert re.fullmatch(r"ek_[a-z0-9]{8}_[A-Za-z0-9]{40}", key)
        assert key_prefix(key) == prefix and key.startswith(f"ek_{prefix}_")
    assert key_prefix("demo-key-0123456789") == "demo-k"


def test_hash_secret_is_sha256_hex():
    assert hash_secret("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
