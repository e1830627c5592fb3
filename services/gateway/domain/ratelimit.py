"""Token-bucket rate limiting per principal (API key or user).

The state lives in this process's memory, so the limit is per gateway replica:
with N replicas behind a balancer a principal gets up to N times the rate. That
is acceptable for abuse protection; a shared store would be needed for billing.
"""
from __future__ import annotations

import math
import time
from typing import Callable


class TokenBucketLimiter:
    """`per_minute` tokens refill evenly; a bucket holds at most `burst` tokens."""

    def __init__(self, per_minute: int, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000):
        self.rate = per_minute / 60.0
        self.capacity = float(burst or per_minute)
        self.clock, self.max_keys = clock, max_keys
        self.buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> int:
        """0 when the call may go ahead, else the whole seconds to wait."""
        if not self.enabled:
            return 0
        now = self.clock()
        tokens, at = self.buckets.get(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens >= 1:
            self._store(key, tokens - 1, now)
            return 0
        self._store(key, tokens, now)
        return max(1, math.ceil((1 - tokens) / self.rate))

    def _store(self, key: str, tokens: float, now: float) -> None:
        if key not in self.buckets and len(self.buckets) >= self.max_keys:
            self._forget_full(now)
        self.buckets[key] = (tokens, now)

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely (they hold no information)."""
        for key, (tokens, at) in list(self.buckets.items()):
            if tokens + (now - at) * self.rate >= self.capacity:
                del self.buckets[key]
