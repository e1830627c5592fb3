"""SRI_POLL_DELAYS starting with 0, against a simulator that decides at once: the RECIBIDA and the
first authorization answer are one write, the timeline keeps `signed` and `received` (no `polled`
before the result), every event's sequence follows the one before, nothing is sent twice."""
from __future__ import annotations

import random

import pytest

from services.sri_submitter.certificates import devcert
from tests import harness
from tests.harness import drop_env, isolated_env, rpc_caller
from tests.sequencing.integration.bus import Bus
from tests.sri_submitter.integration.conftest import PASSWORD, upload_body
from tests.sri_submitter.integration.support import Simulator, document, final_state, flattened, submitter_env
from tests.sri_submitter.snapshots import RUC

pytestmark = pytest.mark.integration
AUTHORIZED, PROGRESSED = "sri.document_authorized", "sri.submission_progressed"


@pytest.fixture(scope="module")
async def no_wait(infra, log_dir, start_service, tmp_path_factory):
    """(bus, rpc call, simulator, company) of a submitter with SRI_POLL_DELAYS=0,0.2,1 on a simulator
    without processing delay, in a database and vhost of their own."""
    name, env = await isolated_env(infra, "sri_nowait")
    sim = Simulator(log_dir, harness.free_port(), delay="0").start()
    files = tmp_path_factory.mktemp("sri-nowait-files")
    svc = start_service("sri_submitter", **env, **submitter_env(sim, files, SRI_POLL_DELAYS="0,0.2,1"))
    bus = await Bus(env["AMQP_URL"], ("sri.#",)).start()
    company = random.randint(10**6, 2**31 - 1)
    try:
        async with rpc_caller(env["AMQP_URL"], "sri_submitter", "tests-sri-nowait") as call:
            reply = await call("certificates.put", company_id=company,
                               body=upload_body(devcert.generate_p12(RUC, PASSWORD)))
            assert reply.status == 200, reply.body
            yield bus, call, sim, company
    finally:
        await bus.close()
        svc.stop()
        sim.stop()
        await drop_env(infra, name)


async def issued(no_wait, **kwargs) -> tuple[dict, list]:
    """The final submissions.get of a new document and the events published for it, in sequence order."""
    bus, call, _, company = no_wait
    doc = document(company_id=company, **kwargs)
    await bus.publish(doc, company_id=company)
    state = await final_state(call, company, doc.document_id)
    await bus.wait_for(company, AUTHORIZED, document_id=doc.document_id)
    return state, flattened(bus.of(company, document_id=doc.document_id))


async def test_authorized_with_the_reception_and_the_answer_in_one_write(no_wait):
    state, events = await issued(no_wait)
    assert state["status"] == "authorized", state
    assert [(a["operation"], a["estado"]) for a in state["attempts"]] == [
        ("sign", "FIRMADO"), ("reception", "RECIBIDA"), ("authorization", "AUTORIZADO")]
    assert state["attempts"][1]["at"] == state["attempts"][2]["at"]  # one statement
    assert [(e.type, e.payload.get("step")) for e in events] == [
        (PROGRESSED, "signed"), (PROGRESSED, "received"), (AUTHORIZED, None)]
    assert [e.payload["sequence"] for e in events] == [1, 2, 3]
    [message] = [e for e in events if e.type == AUTHORIZED]
    assert [s["step"] for s in message.payload["earlier"]] == ["received"]  # one message for the write
    assert no_wait[2].state(state["access_key"])["receptions"] == 1


async def test_still_processing_at_once_then_authorized_at_the_next_poll(no_wait):
    state, events = await issued(no_wait, sim="authorize_after:2")
    assert state["status"] == "authorized", state
    assert [(a["operation"], a["estado"]) for a in state["attempts"]] == [
        ("sign", "FIRMADO"), ("reception", "RECIBIDA"), ("authorization", "EN PROCESAMIENTO"),
        ("authorization", "AUTORIZADO")]
    assert [(e.type, e.payload.get("step")) for e in events] == [
        (PROGRESSED, "signed"), (PROGRESSED, "received"), (PROGRESSED, "polled"), (AUTHORIZED, None)]
    assert [e.payload["sequence"] for e in events] == [1, 2, 3, 4]
    assert no_wait[2].state(state["access_key"]) | {"polls": 0} == {
        "estado": "AUTORIZADO", "receptions": 1, "accepted": 1, "polls": 0, "authorized": 1, "not_authorized": 0}
