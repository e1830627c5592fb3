"""The event loop every long-running process uses: uvloop (libuv), not asyncio's pure-Python loop.

Each request through the platform is a handful of socket reads and writes per process
(HTTP, AMQP, PostgreSQL); uvloop does them, and the loop's own bookkeeping, in C. One-shot
commands (migrate, bootstrap) keep `asyncio.run`: nothing to gain there.
"""
from __future__ import annotations

import asyncio
from typing import Any, Coroutine, TypeVar

import uvloop

T = TypeVar("T")


def new_loop() -> asyncio.AbstractEventLoop:
    """A fresh uvloop loop (for aiohttp's `web.run_app(..., loop=new_loop())`)."""
    return uvloop.new_event_loop()


def run(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(main)` on a uvloop loop."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)
