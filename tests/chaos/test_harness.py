"""The chaos harness's own logic, without servers: the clients' retry rules (on an httpx mock
transport), the killer's limits (on a fake cluster) and the report."""
from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from decimal import Decimal

import httpx
import pytest

from tests.chaos.clients import RECORDING, Clients
from tests.chaos.invariants import Check
from tests.chaos.killer import BrokerRestart, Killer
from tests.chaos.report import RunFigures, client_check, payment_check, recovery_check, render
from tests.chaos.shop import Shop, payment_rounds

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


def paying_platform() -> tuple[httpx.MockTransport, list[tuple[str, dict]]]:
    """Invoices of total 29.33 (id = 100 + index); each payment's first attempt is lost (a transport
    error), the second answers 409 "aún se está registrando" (kept for the key), the one with a new key
    a 201; a payment taking an advance is refused with 422."""
    sent, ids, invoices = [], iter(range(1, 1000)), iter(range(100, 1000))

    def handle(request: httpx.Request) -> httpx.Response:
        body, key = json.loads(request.content), request.headers["Idempotency-Key"]
        if request.url.path.endswith("/documents/invoices"):
            return httpx.Response(201, json={"data": {"id": next(invoices), "total": 29.33, "issue_date": "2026-11-30"}})
        sent.append((key, body))
        name = key.rsplit("-", 1)[0]
        if [k.rsplit("-", 1)[0] for k, _ in sent].count(name) == 1:
            raise httpx.ConnectError("refused")
        if body.get("apply_advance_amount"):
            return httpx.Response(422, json={"message": "no", "errors": {"apply_advance_amount": ["no hay"]}})
        if [k for k, _ in sent].count(key) == 2 and len({k for k, _ in sent if k.startswith(name)}) == 1:
            return httpx.Response(409, json={"message": RECORDING + "; intente nuevamente en unos segundos."})
        excess = "1.56" if body.get("overpayment_mode") else "0"
        return httpx.Response(201, json={"data": {"payment_id": next(ids), "applied_advance_amount": 0,
                                                  "excess_amount": float(excess), "created_advance_amount": float(excess),
                                                  "balance_pending": 0}})
    return httpx.MockTransport(handle), sent


async def test_payments_are_retried_with_their_key_and_a_recording_409_with_a_new_one():
    transport, sent = paying_platform()
    clients = Clients("http://gw", "k", SHOP, 12, clients=3, backoff=0.001, transport=transport, seed=3, pay_share=1)
    stats = await clients.run()
    p = stats.payments
    plans = [payment_rounds(Decimal("29.33"), 3, i, 1) for i in range(12)]
    planned = [body for rounds in plans for r in rounds for body in r]
    assert p.planned == len(planned) and p.invoices == 12 and p.together == 11  # invoices 0, 4, 6 (3 each), 11 (2)
    advance_uses = sum(1 for b in planned if "apply_advance_amount" in b)
    assert len(p.refused) == advance_uses == 1 and not p.errors and not p.given_up
    assert len(p.received) == len(planned) - 1 and len({r.payment_id for r in p.received.values()}) == len(p.received)
    assert p.retries == Counter({"transport:ConnectError": len(planned), "409 registrando (new key)": len(planned) - 1})
    for doc in range(100, 112):
        paid = sum((r.applied for r in p.received.values() if r.document_id == doc), Decimal(0))
        assert paid <= Decimal("29.33")
    overpaid = [r for r in p.received.values() if r.excess]
    assert [(r.amount, r.applied, r.created_advance) for r in overpaid] == [  # invoice 7's: 17.90, then 12.99
        (Decimal("12.99"), Decimal("11.43"), Decimal("1.56"))]
    assert all(body["payment_date"] == "2026-11-30" for _, body in sent)
    assert payment_check(figures(stats, invoices=12)).ok


def test_payment_rounds_pay_at_most_the_total_unless_an_excess_is_meant():
    for index in range(200):
        rounds = payment_rounds(Decimal("29.33"), 11, index, 0.5)
        assert rounds == payment_rounds(Decimal("29.33"), 11, index, 0.5)  # from the seed and the index only
        direct = [Decimal(b["amount"]) for r in rounds for b in r if "overpayment_mode" not in b and "amount" in b]
        assert all(a > 0 and a == a.quantize(Decimal("0.01")) for a in direct) and sum(direct) <= Decimal("29.33")
        assert all(len(r) == 1 for r in rounds[1:] if "amount" not in r[0] or "overpayment_mode" in r[0])
    assert 60 < sum(1 for i in range(200) if payment_rounds(Decimal("29.33"), 11, i, 0.5)) < 140


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
    assert "payments: 0 planned on 0 invoices (0 posted 2-3 at once on one document), 201s 0 applying $0" in text
    assert "[VIOLATION] recovery from the broker restart: the gateway did NOT answer within 60 s" in text
    assert "      ghost documents: 3, 4" in text
    assert text.endswith("violations: recovery from the broker restart, no ghost")
