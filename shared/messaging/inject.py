"""Dependency injection by parameter name (cosmicpython's bootstrap, in small)."""
from __future__ import annotations

import inspect
from functools import lru_cache
from typing import Any, Callable


@lru_cache(maxsize=None)
def wanted(fn: Callable) -> tuple[str, ...]:
    """The keyword-only parameters (dependencies) `fn` declares."""
    return tuple(name for name, p in inspect.signature(fn).parameters.items()
                 if p.kind is inspect.Parameter.KEYWORD_ONLY)


def read_only(fn: Callable) -> Callable:
    """Marks an RPC handler that only reads: it gets a pooled connection without a transaction
    (no BEGIN/COMMIT round trips; each statement reads a consistent snapshot of its own)."""
    fn.read_only = True  # type: ignore[attr-defined]
    return fn


def call_with(fn: Callable, first: Any, deps: dict[str, Any]):
    """Call `fn(first, **only_the_keyword_dependencies_it_declares)`."""
    missing = [n for n in wanted(fn) if n not in deps]
    if missing:
        raise TypeError(f"{fn.__qualname__} wants unknown dependencies {missing}")
    return fn(first, **{n: deps[n] for n in wanted(fn)})
