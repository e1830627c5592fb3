"""Credentials checked a moment ago, kept in memory so a busy client does not cost a query per call.

What is kept: a valid API key's principal, a live session, a user's membership of a company,
keyed by the secret's hash (never the secret). Misses are never kept. An entry lives at most
AUTH_CACHE_SECONDS (and never past its session's expiry), and the whole cache is dropped
the moment any credential changes: triggers on the gateway's tables (migration 0002)
`NOTIFY gateway_credentials` in the changing transaction, and every gateway replica LISTENs.
A revoked key is therefore refused by every replica as soon as the revocation commits.

The listening connection is the cache's lifeline: while it is down (database restarting,
connection lost) the cache is empty and bypassed, so nothing can outlive a notice we
missed. A lookup that raced a notice does not store its (possibly stale) answer: the
generation counter moved while it ran.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Callable

import asyncpg

log = logging.getLogger(__name__)
CHANNEL = "gateway_credentials"
MAX_ENTRIES = 50_000
RECONNECT_SECONDS = (0.5, 1, 2, 5)


class CredentialCache:
    def __init__(self, ttl_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.ttl, self.clock = ttl_seconds, clock
        self.entries: dict[tuple, tuple[float, Any]] = {}
        self.generation = 0
        self.live = False  # listening for notices; until then nothing is kept

    @property
    def enabled(self) -> bool:
        return self.live and self.ttl > 0

    def get(self, key: tuple) -> Any | None:
        hit = self.entries.get(key)
        if hit is None:
            return None
        if hit[0] <= self.clock() or not self.enabled:
            self.entries.pop(key, None)
            return None
        return hit[1]

    def put(self, key: tuple, value: Any, generation: int, until: float | None = None) -> None:
        """Keep `value` unless a notice arrived since `generation` was read (the lookup may be stale)."""
        if not self.enabled or generation != self.generation:
            return
        if len(self.entries) >= MAX_ENTRIES:
            self.entries.clear()
        expires = self.clock() + self.ttl
        self.entries[key] = (expires if until is None else min(expires, until), value)

    async def lookup(self, key: tuple, load: Callable[[], Awaitable[tuple[Any, float | None] | None]]) -> Any | None:
        """The kept value, else `load()`'s (value, seconds it may live at most, or None) kept and
        returned; None (never kept) when `load()` finds nothing."""
        found = self.get(key)
        if found is not None:
            return found
        generation = self.generation
        loaded = await load()
        if loaded is None:
            return None
        value, seconds = loaded
        self.put(key, value, generation, until=None if seconds is None else self.clock() + seconds)
        return value

    def clear(self, *_: Any) -> None:
        self.generation += 1
        self.entries.clear()

    async def listen(self, dsn: str, stopping: asyncio.Event) -> None:
        """LISTEN until `stopping`; reconnects with back-off, the cache bypassed while down."""
        attempt = 0
        while not stopping.is_set():
            conn: asyncpg.Connection | None = None
            try:
                conn = await asyncpg.connect(dsn, server_settings={"application_name": "gateway-credentials"})
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _c: lost.set())
                await conn.add_listener(CHANNEL, self.clear)
                self.clear()
                self.live, attempt = True, 0
                log.info("credential cache listening")
                await self._watch(conn, lost, stopping)
            except Exception as exc:
                log.warning("credential cache not listening", extra={"fields": {"error": repr(exc)}})
            finally:
                self.live = False
                self.clear()
                if conn is not None and not conn.is_closed():
                    conn.terminate()
            if not stopping.is_set():
                await asyncio.sleep(RECONNECT_SECONDS[min(attempt, len(RECONNECT_SECONDS) - 1)])
                attempt += 1

    async def _watch(self, conn: asyncpg.Connection, lost: asyncio.Event, stopping: asyncio.Event) -> None:
        """Returns when the connection is lost (or stopping); a silent one is probed every TTL."""
        while not (lost.is_set() or stopping.is_set()):
            waiters = [asyncio.ensure_future(lost.wait()), asyncio.ensure_future(stopping.wait())]
            await asyncio.wait(waiters, timeout=max(self.ttl, 1.0), return_when=asyncio.FIRST_COMPLETED)
            for w in waiters:
                w.cancel()
            if not (lost.is_set() or stopping.is_set()):
                await asyncio.wait_for(conn.fetchval("SELECT 1"), timeout=max(self.ttl, 1.0))
