"""The seeded fault rate (`rate:P,seed:S`): a share of the calls fails, replayable exactly.

Unit: the syntax, the draw (a function of seed, key, operation and attempt only, so the
interleaving of documents changes nothing), its proportion and kinds. Integration: the
simulator plays the draw the spec predicts, at reception and at authorization.
"""
from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
import zeep.exceptions

from services.sri_simulator.faults import RATE_KINDS, Fault, FaultSpec, parse_spec
from services.sri_simulator.state import Store
from tests.sri_simulator.client import messages
from tests.sri_simulator.conftest import PROCESSING_DELAY
from tests.sri_simulator.docs import Factura
from tests.sri_simulator.signing import sign_xades

KEY = "1501202501179214673900110010020000001231234567817"


def numbered(n: int) -> str:
    """KEY with sequential n."""
    return KEY[:30] + f"{n:09d}" + KEY[39:]


def kinds(spec: FaultSpec, operation: str, key: str, attempts: int) -> tuple[str | None, ...]:
    return tuple(getattr(spec.drawn_fault(operation, key, n), "kind", None) for n in range(1, attempts + 1))


def seed_for(key: str, rate: float, **wanted: tuple[str | None, ...]) -> int:
    """The first seed whose draws for `key` start with the wanted kinds per operation."""
    return next(seed for seed in range(200_000)
                if all(kinds(FaultSpec(rate=rate, seed=seed), op, key, len(want)) == want
                       for op, want in wanted.items()))


@pytest.mark.unit
def test_rate_and_seed_syntax():
    spec = parse_spec("http500_once, rate:0.3 ,seed:42")
    assert (spec.faults, spec.rate, spec.seed) == ((Fault("http500", True),), 0.3, 42)
    assert str(spec) == "http500_once,rate:0.3,seed:42" and parse_spec(str(spec)) == spec
    assert parse_spec("rate:1") and not parse_spec("seed:7") and parse_spec("rate:0").rate == 0
    assert parse_spec("processing_once").reception_fault(1) == Fault("processing", True)
    combined = parse_spec("lost_once") + parse_spec("rate:0.5,seed:3")
    assert (combined.rate, combined.seed, str(combined)) == (0.5, 3, "lost_once,rate:0.5,seed:3")


@pytest.mark.unit
@pytest.mark.parametrize("bad", ["rate", "rate:1.5", "rate:-0.1", "rate:x", "rate:nan", "seed:-1", "seed:x",
                                 "rate:0.1,rate:0.2", "seed:1,seed:2", "processing:70"])
def test_bad_rate_specs_are_refused(bad):
    with pytest.raises(ValueError):
        parse_spec(bad)


@pytest.mark.unit
def test_the_draw_depends_on_seed_key_operation_and_attempt_only():
    spec = parse_spec("rate:0.3,seed:42")
    first = kinds(spec, "reception", KEY, 50)
    assert kinds(parse_spec("seed:42,rate:0.3"), "reception", KEY, 50) == first  # another instance, same draw
    assert kinds(parse_spec("rate:0.3,seed:43"), "reception", KEY, 50) != first
    assert kinds(spec, "authorization", KEY, 50) != first
    assert kinds(spec, "reception", numbered(124), 50) != first
    same_document = "16022026" + KEY[8:39] + "87654321" + "1" + "0"  # another day and code
    assert kinds(spec, "reception", same_document, 50) == first
    assert kinds(spec, "reception", "not-a-key", 5) == kinds(spec, "reception", "not-a-key", 5)


@pytest.mark.unit
def test_rate_proportion_and_kinds():
    spec = parse_spec("rate:0.3,seed:42")
    draws = [spec.drawn_fault(op, numbered(n), attempt) for n in range(1000) for op in ("reception", "authorization")
             for attempt in (1, 2)]
    assert 0.27 < sum(1 for d in draws if d) / len(draws) < 0.33
    per_kind = Counter(d.kind for d in draws if d)
    assert set(per_kind) == set(RATE_KINDS) and min(per_kind.values()) > 0.15 * sum(per_kind.values())
    assert not any(parse_spec("rate:0,seed:1").drawn_fault("reception", KEY, n) for n in range(1, 100))
    assert all(parse_spec("rate:1").drawn_fault("reception", KEY, n) for n in range(1, 100))


@pytest.mark.unit
def test_replay_whatever_the_interleaving():
    """Two stores see the same calls in another order: each key meets the same faults."""
    spec, keys = parse_spec("rate:0.5,seed:9"), [numbered(n) for n in range(5)]
    calls = [(op, key) for key in keys for op in ("reception", "authorization") for _ in range(4)]
    one, two = Store(FaultSpec()), Store(FaultSpec())
    seen_one = [(op, key, one.draw(spec, op, key)) for op, key in calls]
    seen_two = [(op, key, two.draw(spec, op, key)) for op, key in reversed(calls)]

    def per_key(seen):
        return {(op, key): [f for o, k, f in seen if (o, k) == (op, key)] for op, key in set(calls)}
    assert per_key(seen_one) == per_key(seen_two)
    assert one.totals == two.totals and one.totals["rate_faults"] == sum(1 for *_, f in seen_one if f)


@pytest.mark.integration
async def test_reception_plays_the_drawn_faults(sri, impatient, creds, global_faults):
    """http500, then a dropped connection, then `processing`: DEVUELTA 70 with the document kept."""
    doc = Factura()
    data = sign_xades(doc.build(), creds)
    seed = seed_for(doc.clave, 0.6, reception=("http500", "drop", "processing"))
    before = (await sri.state())["totals"]
    await global_faults(f"rate:0.6,seed:{seed}")
    with pytest.raises(zeep.exceptions.TransportError):
        await impatient.send(data)
    with pytest.raises(httpx.RemoteProtocolError):
        await impatient.send(data)
    assert messages((await sri.send(data)).comprobantes.comprobante[0]) == [("70", "ERROR")]
    await global_faults("")
    assert (await sri.wait_decision(doc.clave)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"
    state = await sri.state(doc.clave)
    assert state["documents"][doc.clave] | {"polls": 0} == {
        "estado": "AUTORIZADO", "receptions": 3, "accepted": 1, "polls": 0, "authorized": 1, "not_authorized": 0}
    totals = state["totals"]
    assert totals["rate_faults"] - before.get("rate_faults", 0) == 3
    assert totals["rate_reception_processing"] - before.get("rate_reception_processing", 0) == 1


@pytest.mark.integration
async def test_authorization_plays_the_drawn_faults(sri, impatient, creds, global_faults):
    """Received at once; then `processing` (nothing decided, though it is), `lost`, the answer."""
    doc = Factura()
    data = sign_xades(doc.build(), creds)
    seed = seed_for(doc.clave, 0.5, reception=(None,), authorization=("processing", "lost", None))
    await global_faults(f"rate:0.5,seed:{seed}")
    assert (await sri.send(data)).estado == "RECIBIDA"
    await asyncio.sleep(PROCESSING_DELAY + 0.1)
    assert (await sri.query(doc.clave)).numeroComprobantes == "0"
    with pytest.raises(httpx.RemoteProtocolError):
        await impatient.query(doc.clave)
    assert (await sri.query(doc.clave)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"
    assert (await sri.state(doc.clave))["documents"][doc.clave]["polls"] == 3
