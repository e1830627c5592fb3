"""The chaos harness's own logic, without servers: the clients' retry rules (on an httpx mock
transport), the killer's limits (on a fake cluster) and the report."""
from __future__ import annotations

import asyncio
import threading
from collections import Counter
from decimal import Decimal

import httpx
import pytest

from tests.chaos.clients import Clients
from tests.chaos.invariants import Check
from tests.chaos.killer import BrokerRestart, Killer
from tests.chaos.report import RunFigures, client_check, recovery_check, render
from tests.chaos.shop import Shop

pytestmark = pytest.mark.unit
SHOP = Shop(company_id=1, warehouse=2, stocked=3, service=4, customer=5, initial_stock=Decimal(100))
IN_PROGRESS = {"message": "Solicitud en proceso. Intente nuevamente en unos segundos."}


def scripted(answers: list) -> tuple[httpx.MockTransport, list[str]]:
    """A transport playing `answers` in turn (an exception is raised), recording the keys sent."""
    keys, queue = [], list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers["Idempotency-Key"])
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer[0], json=answer[1])
    return httpx.MockTransport(handle), keys


async def test_transport_errors_5xx_and_in_progress_are_retried_with_the_same_key():
    transport, keys = scripted([httpx.ConnectError("refused"), (503, {"message": "no"}), (409, IN_PROGRESS),
                                httpx.RemoteProtocolError("closed"), (201, {"data": {"id": 77}})])
    clients = Clients("http://gw", "k", SHOP, 1, clients=1, backoff=0.001, transport=transport)
    stats = await clients.run()
    assert len(set(keys)) == 1 and len(keys) == 5 and stats.received == {keys[0]: 77}
    assert stats.retries == Counter({"transport:ConnectError": 1, "http503": 1, "409 en proceso": 1,
                                     "transport:RemoteProtocolError": 1})
    assert stats.requests == 5 and not stats.errors and client_check(figures(stats)).ok


async def test_other_answers_are_errors_not_retried_and_each_invoice_has_its_key():
    transport, keys = scripted([(422, {"message": "bad"}), (409, {"message": "La clave ... distinta."}),
                                (201, {"data": {"id": 1}})])
    stats = await Clients("http://gw", "k", SHOP, 3, clients=1, backoff=0.001, transport=transport).run()
    assert len(set(keys)) == 3 and stats.created == 1 and len(stats.errors) == 2
    check = client_check(figures(stats, invoices=3))
    assert not check.ok and check.figure == "201s 1 of 3" and "422" in check.details[0]


async def test_an_invoice_without_201_in_time_is_given_up():
    transport, _ = scripted([(503, {})] * 3)
    stats = await Clients("http://gw", "k", SHOP, 1, clients=1, patience=0, backoff=0.001, transport=transport).run()
    assert stats.given_up and not stats.received and not client_check(figures(stats)).ok


class FakeCluster:
    def __init__(self):
        self.members = {name: None for name in ("gateway", "documents#1", "documents#2", "inventory#1")}
        self.alive = set(self.members)
        self.lock, self.kills, self.most_down = threading.Lock(), Counter(), 0

    def up(self, exclude=()):
        return [m for m in self.alive if m.split("#")[0] not in exclude]

    def down(self):
        return [m for m in self.members if m not in self.alive]

    def kill(self, name):
        with self.lock:
            self.alive.discard(name)
            self.kills[name] += 1
            self.most_down = max(self.most_down, len(self.down()))

    def start(self, name, deadline):
        threading.Event().wait(0.02)
        with self.lock:
            self.alive.add(name)


async def test_the_killer_keeps_its_limits_and_spares_the_gateway_when_asked():
    cluster = FakeCluster()
    killer = Killer(cluster, seed=1, interval=(0.001, 0.002), max_down=2, spare_gateway=True)  # type: ignore[arg-type]
    stop = asyncio.Event()
    task = asyncio.create_task(killer.run(stop))
    await asyncio.sleep(0.5)
    stop.set()
    await task
    await killer.settle()
    assert sum(cluster.kills.values()) > 5 and cluster.kills["gateway"] == 0 and cluster.most_down <= 2
    assert not cluster.down() and not killer.gave_up


def figures(stats, invoices: int = 1) -> RunFigures:
    broker = BrokerRestart(broker=None, killer=None)  # type: ignore[arg-type]
    return RunFigures(seed=5, invoices=invoices, clients=1, client_stats=stats, kills=Counter({"gateway": 2}),
                      failed_starts=Counter(), broker=broker, sri_totals={"rate_faults": 3,
                                                                          "rate_reception_lost": 3})


async def test_the_report_names_the_seed_the_faults_and_each_violation():
    stats = (await Clients("http://gw", "k", SHOP, 1, clients=1, backoff=0.001,
                           transport=scripted([(201, {"data": {"id": 9}})])[0]).run())
    f = figures(stats)
    f.broker.restarts, f.broker.recovered_after = 1, None
    checks = [client_check(f), recovery_check(f), Check("no ghost", False, "ghosts 2", ("ghost documents: 3, 4",))]
    text = render(f, checks)
    assert "CHAOS_SEED=5" in text and "kills 2: gateway 2" in text and "reception: lost 3" in text
    assert "[ok] every invoice created: 201s 1 of 1" in text
    assert "[VIOLATION] recovery from the broker restart: the gateway did NOT answer within 60 s" in text
    assert "      ghost documents: 3, 4" in text
    assert text.endswith("violations: recovery from the broker restart, no ghost")
