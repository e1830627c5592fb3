"""CredentialCache's rules, without a database: lifetime, session expiry, notices, bypass."""
from __future__ import annotations

import pytest

from services.gateway.db.credential_cache import CredentialCache

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def live_cache(ttl: float = 5.0) -> tuple[CredentialCache, Clock]:
    clock = Clock()
    cache = CredentialCache(ttl, clock=clock)
    cache.live = True
    return cache, clock


def test_an_entry_lives_ttl_seconds_and_never_past_its_session():
    cache, clock = live_cache()
    cache.put(("key", "h1"), "p1", cache.generation)
    cache.put(("session", "h2"), "p2", cache.generation, until=clock.now + 1)
    clock.now += 2
    assert cache.get(("key", "h1")) == "p1" and cache.get(("session", "h2")) is None
    clock.now += 3
    assert cache.get(("key", "h1")) is None


def test_a_notice_drops_everything_and_a_lookup_that_raced_it_is_not_kept():
    cache, _ = live_cache()
    cache.put(("key", "h1"), "p1", cache.generation)
    started = cache.generation  # a lookup begins ...
    cache.clear("conn", 1, "gateway_credentials", "api_keys")  # ... a revocation is announced ...
    cache.put(("key", "h2"), "stale", started)  # ... and its answer arrives after the notice
    assert cache.get(("key", "h1")) is None and cache.get(("key", "h2")) is None


def test_nothing_is_kept_while_not_listening_or_when_disabled():
    cache, _ = live_cache()
    cache.put(("key", "h1"), "p1", cache.generation)
    cache.live = False
    assert cache.get(("key", "h1")) is None
    cache.put(("key", "h1"), "p1", cache.generation)
    assert cache.entries == {}
    off, _ = live_cache(ttl=0)
    off.put(("key", "h1"), "p1", off.generation)
    assert off.get(("key", "h1")) is None
