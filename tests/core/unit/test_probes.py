"""Scrape-time probes (shared/observability/probes.py) and the call decorator (calls.py), no servers."""
from __future__ import annotations

import asyncio
import gc

import pytest
from prometheus_client import REGISTRY, Counter, Gauge, Histogram

from shared.observability import probes
from shared.observability.calls import observed, result_label
from shared.observability.probes import Probe, SqlGauge, register, scrape, sql_gauge

pytestmark = pytest.mark.unit
CALLS = Counter("test_probe_calls_total", "test", ["operation", "result"])
SECONDS = Histogram("test_probe_call_seconds", "test", ["operation"])
STATES = Gauge("test_probe_states", "test", ["kind", "state"])


def value(name: str, **labels) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


class Counting(Probe):
    def __init__(self, name: str, every: float = 0.0, delay: float = 0.0, fail: bool = False):
        self.name, self.every, self.delay, self.fail, self.reads = name, every, delay, fail, 0

    async def read(self) -> None:
        self.reads += 1
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("database away")


class FakeConn:
    def __init__(self, rows):
        self.rows = rows

    async def fetch(self, _sql):
        return self.rows


class FakePool:
    def __init__(self, rows):
        self.conn = FakeConn(rows)

    def acquire(self):
        pool = self

        class Acquired:
            async def __aenter__(self):
                return pool.conn

            async def __aexit__(self, *exc):
                return False
        return Acquired()


async def test_a_probe_is_read_at_each_scrape_while_its_owner_holds_it():
    probe = register(Counting("held"))
    await scrape()
    await scrape()
    assert probe.reads == 2
    reads = probe.reads
    del probe
    gc.collect()
    await scrape()
    assert all(p.name != "held" for p in list(probes._PROBES)) and reads == 2


async def test_every_limits_the_readings_and_a_failure_is_counted_not_raised():
    slow = register(Counting("minutely", every=60))
    broken = register(Counting("broken", fail=True))
    before = value("metrics_probe_errors_total", probe="broken") or 0
    body, _ = await scrape()
    await scrape()
    assert slow.reads == 1 and broken.reads == 2
    assert value("metrics_probe_errors_total", probe="broken") == before + 2
    assert b"metrics_probe_errors_total" in body
    probes.unregister(slow), probes.unregister(broken)


async def test_a_probe_that_hangs_does_not_hold_the_scrape(monkeypatch):
    monkeypatch.setattr(probes, "PROBE_SECONDS", 0.05)
    hung = register(Counting("hung", delay=10))
    started = asyncio.get_running_loop().time()
    await scrape()
    assert asyncio.get_running_loop().time() - started < 1
    assert value("metrics_probe_errors_total", probe="hung") >= 1
    probes.unregister(hung)


async def test_readiness_becomes_gauges_at_scrape():
    async def ready():
        return {"database": True, "broker": False}
    await scrape(ready)
    assert value("service_ready") == 0
    assert value("service_ready_check", check="database") == 1 and value("service_ready_check", check="broker") == 0

    async def all_ready():
        return {"database": True, "broker": True}
    await scrape(all_ready)
    assert value("service_ready") == 1


async def test_a_sql_gauge_sets_one_series_per_row_and_forgets_vanished_ones():
    pool = FakePool([{"kind": "invoice", "state": "issued", "count": 3},
                     {"kind": "invoice", "state": "cancelled", "count": 1}])
    probe = SqlGauge(pool, STATES, "SELECT ...", every=0, name="states")
    await probe.read()
    assert value("test_probe_states", kind="invoice", state="issued") == 3
    pool.conn.rows = [{"kind": "invoice", "state": "issued", "count": 4}]
    await probe.read()
    assert value("test_probe_states", kind="invoice", state="issued") == 4
    assert value("test_probe_states", kind="invoice", state="cancelled") is None


async def test_sql_gauge_task_registers_for_the_life_of_the_service():
    task_fn = sql_gauge(STATES, "SELECT ...", every=60, name="lifetime")
    assert task_fn.__name__ == "lifetime_gauge"
    stopping = asyncio.Event()
    task = asyncio.create_task(task_fn(pool=FakePool([]), stopping=stopping))
    await asyncio.sleep(0)
    assert any(p.name == "lifetime" for p in list(probes._PROBES))
    stopping.set()
    await task
    assert all(p.name != "lifetime" for p in list(probes._PROBES))


@pytest.mark.parametrize("raw, label", [("RECIBIDA", "recibida"), ("NO AUTORIZADO", "no_autorizado"),
                                        ("EN PROCESAMIENTO", "en_procesamiento"), (None, "none"),
                                        ("<b>weird</b>", "other"), ("x" * 40, "other")])
def test_results_are_short_snake_case_words(raw, label):
    assert result_label(raw) == label


async def test_observed_counts_results_and_errors_and_times_both():
    class Client:
        @observed(CALLS, SECONDS, "reception", lambda answer: answer)
        async def send(self, answer, fail=False):
            if fail:
                raise ConnectionError("no route")
            return answer

    client = Client()
    assert await client.send("DEVUELTA") == "DEVUELTA"
    with pytest.raises(ConnectionError):
        await client.send("x", fail=True)
    assert value("test_probe_calls_total", operation="reception", result="devuelta") == 1
    assert value("test_probe_calls_total", operation="reception", result="error") == 1
    assert value("test_probe_call_seconds_count", operation="reception") == 2
    assert Client.send.__name__ == "send"
