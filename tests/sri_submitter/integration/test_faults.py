"""Injected SRI faults (campoAdicional SIM) end authorized exactly once: one key, one sequential,
one accepted submission at the simulator, one DocumentAuthorized; and a dead SRI does not stop
the other documents."""
from __future__ import annotations

import pytest

from tests.harness import eventually
from tests.sri_submitter.integration.support import document, final_state, marker

pytestmark = pytest.mark.integration
AUTHORIZED = "sri.document_authorized"


async def authorized_once(bus, sri_call, simulator, company: int, doc) -> dict:
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "authorized", state
    await marker(bus, company)  # a second (wrong) event would have shown up by now
    events = bus.of(company, AUTHORIZED, document_id=doc.document_id)
    assert len(events) == 1 and events[0].payload["access_key"] == state["access_key"]
    sim = simulator.state(state["access_key"])
    assert (sim["accepted"], sim["authorized"], sim["not_authorized"]) == (1, 1, 0), sim
    return state


@pytest.mark.parametrize("fault", ["timeout_once", "http500_once", "drop_once", "lost_once", "lost"])
async def test_fault_then_authorized_exactly_once(bus, sri_call, simulator, company, fault):
    doc = document(company_id=company, sim=fault)
    await bus.publish(doc, company_id=company)
    state = await authorized_once(bus, sri_call, simulator, company, doc)
    estados = [(a["operation"], a["estado"]) for a in state["attempts"]]
    assert ("reception", "ERROR") in estados  # the fault was met
    first_error = estados.index(("reception", "ERROR"))
    assert estados[first_error + 1][0] == "authorization", estados  # the SRI may have it: ask before resending
    receptions = simulator.state(state["access_key"])["receptions"]
    # nothing was stored by timeout/http500/drop: one resend; a lost answer may need none (found by the query)
    assert receptions == 2 if not fault.startswith("lost") else receptions >= 1


async def test_authorize_after_polls(bus, sri_call, simulator, company):
    doc = document(company_id=company, sim="authorize_after:3")
    await bus.publish(doc, company_id=company)
    state = await authorized_once(bus, sri_call, simulator, company, doc)
    polls = [a for a in state["attempts"] if a["operation"] == "authorization"]
    assert [a["estado"] for a in polls] == ["EN PROCESAMIENTO", "EN PROCESAMIENTO", "AUTORIZADO"]
    assert simulator.state(state["access_key"])["polls"] == 3


async def test_a_document_the_sri_never_answers_does_not_hold_back_others(bus, sri_call, company, sri_db):
    stuck = document(company_id=company, sim="timeout")
    await bus.publish(stuck, company_id=company)
    await eventually(lambda: reception_errors(sri_call, company, stuck.document_id), timeout=10)
    fine = document(company_id=company)
    await bus.publish(fine, company_id=company)
    assert (await final_state(sri_call, company, fine.document_id, timeout=8))["status"] == "authorized"
    reply = await sri_call("submissions.get", company_id=company, path_params={"id": str(stuck.document_id)})
    assert reply.body["status"] == "sending"
    assert {a["estado"] for a in reply.body["attempts"] if a["operation"] == "reception"} == {"ERROR"}
    await sri_db.execute("UPDATE submissions SET cycle_started_at = now() - interval '25 hours' "
                         "WHERE document_id = $1", stuck.document_id)  # SRI_MAX_WAIT_HOURS (24) are over
    state = await final_state(sri_call, company, stuck.document_id)
    assert state["status"] == "error" and state["messages"][0]["code"] == "SRI_NO_ANSWER"
    [event] = await bus.wait_for(company, "sri.document_rejected", document_id=stuck.document_id)
    assert event.payload["status"] == "error"


async def _at_least(pending, count: int) -> bool:
    return await pending >= count


async def reception_errors(sri_call, company: int, document_id: int) -> int:
    reply = await sri_call("submissions.get", company_id=company, path_params={"id": str(document_id)})
    if reply.status != 200:
        return 0
    return sum(1 for a in reply.body["attempts"] if a["operation"] == "reception" and a["estado"] == "ERROR")


async def test_sri_down_then_back(bus, sri_call, simulator, company):
    simulator.stop()
    try:
        doc = document(company_id=company, case="ruc")
        await bus.publish(doc, company_id=company)

        await eventually(lambda: _at_least(reception_errors(sri_call, company, doc.document_id), 2), timeout=10)
        reply = await sri_call("submissions.get", company_id=company, path_params={"id": str(doc.document_id)})
        assert reply.body["status"] == "sending"
        assert "No se pudo conectar con el SRI" in reply.body["attempts"][-1]["detail"]
    finally:
        simulator.start()
    await authorized_once(bus, sri_call, simulator, company, doc)
