"""Counting and timing the calls to an outside system: one decorator line on the calling method.

    @observed(SRI_CALLS, SRI_SECONDS, "reception", lambda answer: answer.estado)
    async def send(self, ...): ...

counts each call under (operation, result) and observes its latency under (operation). The
result is `result_of(answer)` in snake case ("NO AUTORIZADO" -> no_autorizado), or `error`
when the call raised (the exception goes on). Results are kept to short words so an odd
answer cannot grow the label set: anything else counts as `other`.
"""
from __future__ import annotations

import functools
import re
import time
from typing import Any, Awaitable, Callable, TypeVar

from prometheus_client import Counter, Histogram

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])
_WORD = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def result_label(value: object) -> str:
    """`NO AUTORIZADO` -> no_autorizado; empty -> none; anything that is not a short word -> other."""
    text = re.sub(r"[\s-]+", "_", str(value or "none").strip().lower())
    return text if _WORD.match(text) else "other"


def observed(calls: Counter, seconds: Histogram, operation: str,
             result_of: Callable[[Any], object]) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        async def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                answer = await fn(*args, **kwargs)
            except Exception:
                calls.labels(operation, "error").inc()
                seconds.labels(operation).observe(time.perf_counter() - started)
                raise
            calls.labels(operation, result_label(result_of(answer))).inc()
            seconds.labels(operation).observe(time.perf_counter() - started)
            return answer
        return wrapper  # type: ignore[return-value]
    return decorate
