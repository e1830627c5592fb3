"""A first SRI_POLL_DELAYS step of 0: the task that sent the document asks for the authorization at
once, under the same lease, and records the RECIBIDA with that answer (one write); any other first
step records the RECIBIDA and gives the lease back until then. The final answer publishes its
result only (the timeline needs no `polled` entry before `authorized`)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from services.sri_submitter.domain.answers import Authorization, Reception
from services.sri_submitter.process.pipeline import Pipeline
from services.sri_submitter.process.recorder import Change, Exchange, events, folded
from services.sri_submitter.settings import Settings

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900120010010000000011234567815"
NOW = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)


class Sri:
    def __init__(self):
        self.calls = []

    async def send(self, signed_xml: bytes, environment: str) -> Reception:
        self.calls.append("send")
        return Reception("RECIBIDA")

    async def query(self, access_key: str, environment: str) -> list[Authorization]:
        self.calls.append("query")
        return [Authorization("AUTORIZADO", KEY, NOW, "PRUEBAS", "<factura/>")]


class Recorder:
    """Keeps the lease unless the change gives it back (delay), as db.record does."""

    def __init__(self):
        self.writes = []

    async def record(self, row, exchange, change, before=None):
        self.writes.append((before, exchange, change))
        released = {"lease_token": None} if change.delay is not None else {}
        return {**row, **change.values, **released, "event_seq": row["event_seq"] + len(events(row, exchange, change))}


def pipeline(delays: str, tmp_path) -> Pipeline:
    settings = Settings(database_url="postgresql://x", amqp_url="amqp://x", secrets_key="s" * 16,
                        file_store_dir=tmp_path, sri_poll_delays=delays)
    made = Pipeline(None, Sri(), None, settings)
    made.recorder = Recorder()
    return made


def signed() -> dict:
    return {"id": 1, "company_id": 5, "document_id": 9, "access_key": KEY, "environment": "test", "stage": "signed",
            "signed_xml": "<factura/>", "issue_date": NOW.date(), "cycle": 1, "tries": 0, "lease_token": "t",
            "cycle_started_at": datetime.now(timezone.utc), "ever_sent": False, "event_seq": 1}


async def test_a_first_delay_of_0_polls_in_the_same_task(tmp_path):
    flow = pipeline("0,0.05,1", tmp_path)
    await flow._advance(signed())
    assert flow.sri.calls == ["send", "query"]
    [((reception, received), polled, final)] = flow.recorder.writes  # one write for both exchanges
    assert (reception.estado, received.values["stage"], received.delay) == ("RECIBIDA", "received", 0)
    assert (polled.estado, final.values["stage"], final.final, final.delay) == ("AUTORIZADO", "authorized",
                                                                                "authorized", 0)
    assert not flow._held


async def test_any_other_first_delay_gives_the_lease_back(tmp_path):
    flow = pipeline("0.2,1", tmp_path)
    await flow._advance(signed())
    assert flow.sri.calls == ["send"]
    [(before, reception, received)] = flow.recorder.writes
    assert (before, reception.estado, received.delay) == (None, "RECIBIDA", 0.2)


def test_the_final_answer_publishes_the_result_only_numbered_after_the_row():
    row = {**signed(), "stage": "received", "event_seq": 2}
    exchange = Exchange("authorization", "AUTORIZADO", "polled", "received")
    values = {"stage": "authorized", "messages": [], "authorization_number": KEY, "authorized_at": NOW,
              "xml_path": "x.xml"}
    [authorized] = events(row, exchange, Change(values, delay=0, final="authorized", progress=False))
    assert (authorized.TYPE, authorized.sequence, authorized.authorization_number) == (
        "sri.document_authorized", 3, KEY)
    progressed, rejected = events(row, exchange, Change({"stage": "returned", "messages": []}, final="returned"))
    assert (progressed.sequence, rejected.sequence, rejected.status) == (3, 4, "returned")


def test_an_exchange_recorded_with_the_next_one_keeps_its_timeline_event_first():
    row = {**signed(), "stage": "signed", "event_seq": 1}
    received = Exchange("reception", "RECIBIDA", "received", "received")
    polled = Exchange("authorization", "AUTORIZADO", "polled", "received")
    values = {"stage": "authorized", "messages": [], "authorization_number": KEY, "authorized_at": NOW,
              "xml_path": "x.xml"}
    progressed, authorized = events(row, polled, Change(values, delay=0, final="authorized", progress=False),
                                    [received])
    assert (progressed.step, progressed.sequence, authorized.sequence) == ("received", 2, 3)


def test_the_events_of_one_write_leave_as_one_message_numbered_as_before():
    """folded(): the last event carries the earlier steps with their own sequences; db.record still
    moves the row's event_seq by every sequence used (Recorder.record passes sequences=)."""
    row = {**signed(), "stage": "signed", "event_seq": 1}
    received = Exchange("reception", "RECIBIDA", "received", "received")
    polled = Exchange("authorization", "AUTORIZADO", "polled", "received")
    values = {"stage": "authorized", "messages": [], "authorization_number": KEY, "authorized_at": NOW,
              "xml_path": "x.xml"}
    out = events(row, polled, Change(values, delay=0, final="authorized", progress=False), [received])
    [one] = folded(out)
    assert (one.TYPE, one.sequence, [(s.step, s.sequence) for s in one.earlier]) == (
        "sri.document_authorized", 3, [("received", 2)])
    assert folded(out[:1]) == out[:1] and not out[0].earlier

