"""Token bucket with a fake clock."""
from __future__ import annotations

import pytest

from services.gateway.domain.ratelimit import TokenBucketLimiter

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_wait_then_refill():
    clock = Clock()
    limiter = TokenBucketLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.take("k") for _ in range(3)] == [0, 0, 0]
    assert limiter.take("k") == 1
    clock.now += 0.5
    assert limiter.take("k") == 1  # half a token: round the wait up
    clock.now += 0.5
    assert limiter.take("k") == 0
    assert limiter.take("other") == 0  # buckets are per principal


def test_retry_after_in_whole_seconds_and_default_burst():
    clock = Clock()
    limiter = TokenBucketLimiter(per_minute=2, clock=clock)
    assert [limiter.take("k") for _ in range(3)] == [0, 0, 30]
    clock.now += 29.5
    assert limiter.take("k") == 1


def test_zero_disables_and_full_buckets_are_forgotten():
    assert TokenBucketLimiter(0).take("k") == 0
    clock = Clock()
    limiter = TokenBucketLimiter(per_minute=60, burst=1, clock=clock, max_keys=2)
    limiter.take("a")
    limiter.take("b")
    clock.now += 5
    limiter.take("c")
    assert set(limiter.buckets) == {"c"}
