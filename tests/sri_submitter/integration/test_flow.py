"""The submission pipeline against the real simulator: authorized, returned, not authorized,
polling, duplicates, and the retry endpoint (same key)."""
from __future__ import annotations

import pytest

from lxml import etree

from services.sri_submitter.domain import access_key
from services.sri_submitter.xml.authorization import comprobante_of
from tests.sri_submitter.integration.support import document, final_state, flattened, marker

pytestmark = pytest.mark.integration
AUTHORIZED, REJECTED = "sri.document_authorized", "sri.document_rejected"
PROGRESSED = "sri.submission_progressed"


async def submit(bus, company: int, **kwargs):
    doc = document(company_id=company, **kwargs)
    await bus.publish(doc, company_id=company)
    return doc


@pytest.mark.parametrize("case", ["cedula", "credit_note", "debit_note"])
async def test_authorized_with_the_xml_stored_and_warning_60(bus, sri_call, submitter, simulator, company, case):
    doc = await submit(bus, company, case=case)
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "authorized", state
    key = state["access_key"]
    assert access_key.parse(key).sequential == doc.sequential and state["authorization_number"] == key
    [event] = await bus.wait_for(company, AUTHORIZED, document_id=doc.document_id)
    assert event.payload["xml_path"] == (f"companies/{company}/documents/sales/xml/"
                                         f"{doc.issue_date:%Y}/{doc.issue_date:%m}/{key}.xml")
    assert [(m["identificador"], m["code"]) for m in event.payload["messages"]] == [("60", "SRI_TEST_ENVIRONMENT")]
    stored = (submitter.files / event.payload["xml_path"]).read_text()
    xml = await sri_call("submissions.xml", company_id=company, path_params={"id": str(doc.document_id)})
    assert xml.status == 200 and xml.body["xml"] == stored and key in stored and "<ds:Signature" in stored
    autorizacion = etree.fromstring(stored.encode())
    assert (autorizacion.findtext("estado"), autorizacion.findtext("numeroAutorizacion"),
            autorizacion.findtext("ambiente")) == ("AUTORIZADO", key, "PRUEBAS")
    assert autorizacion.findtext("fechaAutorizacion").endswith("-05:00")
    assert autorizacion.findtext("mensajes/mensaje/identificador") == "60"
    signed = await sri_call("submissions.xml", company_id=company, path_params={"id": str(doc.document_id)},
                            query={"variant": "signed"})
    assert comprobante_of(stored) == signed.body["xml"] and signed.body["file_name"] == f"{key}-firmado.xml"
    assert [a["operation"] for a in state["attempts"]][:2] == ["sign", "reception"]
    assert simulator.state(key) | {"polls": 0} == {"estado": "AUTORIZADO", "receptions": 1, "accepted": 1,
                                                   "polls": 0, "authorized": 1, "not_authorized": 0}


async def test_devuelta_is_returned_with_hint_and_retry_reuses_the_key(bus, sri_call, simulator, company):
    doc = await submit(bus, company, sim="devuelta_once:35")
    state = await final_state(sri_call, company, doc.document_id)
    assert (state["status"], state["rejection"]) == ("rejected", "returned")
    [message] = state["messages"]
    assert (message["identificador"], message["code"]) == ("35", "SRI_SCHEMA_INVALID")
    assert message["hint"].startswith("Revise la estructura del comprobante")
    [event] = await bus.wait_for(company, REJECTED, document_id=doc.document_id)
    assert event.payload["status"] == "returned" and event.payload["messages"][0]["code"] == "SRI_SCHEMA_INVALID"
    # the step before the result keeps the document "sending": "error" there showed up as a final status
    progressed = [e for e in flattened(bus.of(company, document_id=doc.document_id)) if e.type == PROGRESSED]
    steps = [(e.payload["step"], e.payload["sri_status"]) for e in progressed]
    assert ("returned", "sending") in steps and all(status != "error" for _, status in steps), steps
    key = state["access_key"]
    retried = await sri_call("submissions.retry", company_id=company, path_params={"id": str(doc.document_id)})
    assert retried.status == 200 and retried.body["data"]["access_key"] == key
    state = await final_state(sri_call, company, doc.document_id)
    assert (state["status"], state["access_key"]) == ("authorized", key)
    assert simulator.state(key) | {"polls": 0} == {"estado": "AUTORIZADO", "receptions": 2, "accepted": 1,
                                                   "polls": 0, "authorized": 1, "not_authorized": 0}
    again = await sri_call("submissions.retry", company_id=company, path_params={"id": str(doc.document_id)})
    assert (again.status, again.body["message"]) == (409, "El comprobante ya está autorizado.")
    sequences = [e.payload["sequence"] for e in flattened(bus.of(company, document_id=doc.document_id))]
    assert sequences == list(range(1, len(sequences) + 1))


async def test_no_autorizado_is_rejected_with_messages(bus, sri_call, company):
    doc = await submit(bus, company, sim="no_autorizado:39")
    state = await final_state(sri_call, company, doc.document_id)
    assert (state["status"], state["rejection"]) == ("rejected", "not_authorized")
    assert [(m["identificador"], m["code"]) for m in state["messages"]] == [
        ("39", "SRI_SIGNATURE_INVALID"), ("60", "SRI_TEST_ENVIRONMENT")]
    assert "firma digital" in state["messages"][0]["hint"]
    [event] = await bus.wait_for(company, REJECTED, document_id=doc.document_id)
    assert event.payload["status"] == "not_authorized"
    xml = await sri_call("submissions.xml", company_id=company, path_params={"id": str(doc.document_id)})
    assert (xml.status, xml.body["message"]) == (404, "El comprobante aún no está autorizado por el SRI.")
    signed = await sri_call("submissions.xml", company_id=company, path_params={"id": str(doc.document_id)},
                            query={"variant": "signed"})
    assert signed.status == 200 and f"<claveAcceso>{state['access_key']}</claveAcceso>" in signed.body["xml"]


async def test_a_duplicate_command_changes_nothing(bus, sri_call, simulator, company):
    doc = document(company_id=company)
    env = await bus.publish(doc, company_id=company)
    await bus.publish(doc, company_id=company, env=env)  # redelivery: same message id
    await bus.publish(doc, company_id=company)  # documents sent it again: new message id
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "authorized"
    await bus.publish(doc, company_id=company)  # and once more after the authorization
    await marker(bus, company)
    assert len(bus.of(company, AUTHORIZED, document_id=doc.document_id)) == 1
    after = await sri_call("submissions.get", company_id=company, path_params={"id": str(doc.document_id)})
    assert after.body["access_key"] == state["access_key"] and after.body["attempts"] == state["attempts"]
    assert simulator.state(state["access_key"])["receptions"] == 1


async def test_unknown_documents_are_404(sri_call, company):
    for method in ("submissions.get", "submissions.retry", "submissions.xml"):
        reply = await sri_call(method, company_id=company, path_params={"id": "999999999"})
        assert reply.status == 404, (method, reply.body)
