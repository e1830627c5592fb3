"""Gauges read when Prometheus scrapes /metrics (shared/runtime/health.py calls `scrape`).

A probe is registered by whatever owns what it reads and lives as long as its owner holds it
(weak references): the outbox relay holds its OutboxLag, the service runner its QueueDepths,
a service's background task its SqlGauge (`sql_gauge`). At a scrape every probe whose last
reading is older than its `every` seconds reads again, all at once, each within PROBE_SECONDS:
a slow database or broker never stalls the scrape, the gauge keeps its last value and
metrics_probe_errors_total counts the miss. Nothing is read between scrapes.
"""
from __future__ import annotations

import asyncio
import logging
import time
import weakref
from typing import Any, Awaitable, Callable, Sequence, TypeVar

from prometheus_client import Gauge

from shared.observability.metrics import (DEAD_LETTERS, OUTBOX_OLDEST, OUTBOX_PENDING, PROBE_ERRORS,
                                          QUEUE_MESSAGES, READY, READY_CHECKS, render)

log = logging.getLogger(__name__)
PROBE_SECONDS = 3.0
_PROBES: "weakref.WeakSet[Probe]" = weakref.WeakSet()
P = TypeVar("P", bound="Probe")


class Probe:
    """Subclasses set `name` and `every`, and implement `read()` (sets its gauges)."""

    name = "probe"
    every = 0.0  # seconds between two readings (0: at every scrape)
    read_at = float("-inf")

    async def read(self) -> None:
        raise NotImplementedError


def register(probe: P) -> P:
    """Read `probe` at every scrape for as long as the caller keeps a reference to it."""
    _PROBES.add(probe)
    return probe


def unregister(probe: Probe) -> None:
    _PROBES.discard(probe)


async def _read(probe: Probe) -> None:
    try:
        await asyncio.wait_for(probe.read(), PROBE_SECONDS)
        probe.read_at = time.monotonic()
    except Exception as exc:  # noqa: BLE001 - a scrape never fails for one probe
        PROBE_ERRORS.labels(probe.name).inc()
        log.debug("metrics probe failed", extra={"fields": {"probe": probe.name, "error": repr(exc)}})


async def read_due() -> None:
    now = time.monotonic()
    await asyncio.gather(*(_read(p) for p in list(_PROBES) if now - p.read_at >= p.every))


async def observe_ready(ready: Callable[[], Awaitable[dict[str, bool]]]) -> None:
    """service_ready and service_ready_check{check} from a /readyz check."""
    checks = await ready()
    for check, ok in checks.items():
        READY_CHECKS.labels(check).set(1 if ok else 0)
    READY.set(1 if checks and all(checks.values()) else 0)


async def scrape(ready: Callable[[], Awaitable[dict[str, bool]]] | None = None) -> tuple[bytes, str]:
    """The /metrics body (and its content type) after the due probes and the readiness check ran."""
    await read_due()
    if ready is not None:
        try:
            await asyncio.wait_for(observe_ready(ready), PROBE_SECONDS)
        except Exception:  # noqa: BLE001 - not ready, and the scrape still answers
            READY.set(0)
    return render()


class OutboxLag(Probe):
    """outbox_pending and outbox_oldest_pending_seconds of the pool's schema (the partial index
    `outbox_pending` covers the rows read)."""

    name, every = "outbox", 0.0
    SQL = ("SELECT count(*) AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest "
           "FROM outbox WHERE published_at IS NULL")

    def __init__(self, pool):
        self.pool = pool

    async def read(self) -> None:
        async with self.pool.acquire() as conn:
            row = await conn.fetchrow(self.SQL)
        OUTBOX_PENDING.set(row["pending"])
        OUTBOX_OLDEST.set(row["oldest"])


class QueueDepths(Probe):
    """queue_messages and dead_letter_messages of the named consumer queues (passive declares on a
    channel of its own, opened at the first reading and again after it closed)."""

    name, every = "queues", 0.0

    def __init__(self, connection, queues: Sequence[str]):
        self.connection, self.queues = connection, tuple(queues)
        self.channel: Any = None

    async def read(self) -> None:
        if not self.queues:
            return
        if self.channel is None or self.channel.is_closed:
            self.channel = await self.connection.channel(publisher_confirms=False)
        underlay = await self.channel.get_underlay_channel()
        names = [n for q in self.queues for n in (q, f"{q}.dlq")]
        declared = await asyncio.gather(*(underlay.queue_declare(n, passive=True) for n in names))
        for name, ok in zip(names, declared):
            gauge = DEAD_LETTERS if name.endswith(".dlq") else QUEUE_MESSAGES
            gauge.labels(name.removesuffix(".dlq")).set(ok.message_count)


class SqlGauge(Probe):
    """A gauge from one query: every column but the last is a label value, the last is the value.
    The gauge is cleared first, so label sets that disappeared disappear from it too."""

    def __init__(self, pool, gauge: Gauge, sql: str, every: float, name: str):
        self.pool, self.gauge, self.sql, self.every, self.name = pool, gauge, sql, every, name

    async def read(self) -> None:
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(self.sql)
        self.gauge.clear()
        for row in rows:
            values = list(row.values())
            self.gauge.labels(*(str(v) for v in values[:-1])).set(float(values[-1]))


def sql_gauge(gauge: Gauge, sql: str, *, every: float, name: str) -> Callable[..., Awaitable[None]]:
    """A background task for a ServiceSpec (shared/runtime/runner.py): `gauge` from `sql` on the
    service's pool, read at a scrape at most every `every` seconds, for as long as the service runs."""
    async def probe_task(*, pool, stopping: asyncio.Event) -> None:
        probe = register(SqlGauge(pool, gauge, sql, every, name))
        try:
            await stopping.wait()
        finally:
            unregister(probe)

    probe_task.__name__ = probe_task.__qualname__ = f"{name}_gauge"
    return probe_task
