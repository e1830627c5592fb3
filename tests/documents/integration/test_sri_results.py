"""sri-submitter's events -> sri_status, authorization and timeline; never backwards."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.contracts.envelope import utcnow
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SriMessage, SubmissionProgressed
from tests.documents.integration.helpers import SVC, consumed, invoice
from tests.harness import eventually

pytestmark = pytest.mark.integration
KEY = "2202202601179214673900110010010000000011234567813"


async def test_progress_then_authorization_and_a_late_step_changes_nothing(call, shop, fakes, documents):
    broker = fakes[2]
    data = (await invoice(call, shop)).body["data"]
    [cause] = await broker.wait_for("sri.submit_document", data["id"])
    path = {"id": str(data["id"])}
    now = utcnow()
    events = [SubmissionProgressed(document_id=data["id"], access_key=KEY, step="received", sri_status="received",
                                   at=now, detail="RECIBIDA", sequence=2),
              DocumentAuthorized(document_id=data["id"], access_key=KEY, authorization_number=KEY,
                                 authorized_at=now + timedelta(seconds=1), environment="test",
                                 xml_path=f"companies/1/{KEY}.xml", sequence=3),
              SubmissionProgressed(document_id=data["id"], access_key=KEY, step="sent", sri_status="sending",
                                   at=now, sequence=1)]
    for event in events:
        before = sum(consumed(documents, f"documents.on_sri_{q}") for q in ("progressed", "authorized"))
        await broker.publish(event, cause)
        await eventually(lambda: sum(consumed(documents, f"documents.on_sri_{q}")
                                     for q in ("progressed", "authorized")) > before)
    detail = (await call(SVC, "documents.get", company_id=shop["company"], path_params=path)).body
    assert detail["sri_status"] == "authorized" == detail["sri_response"]["status"]
    assert (detail["sri_response"]["authorization_number"], detail["files"]["xml_path"]) == \
        (KEY, f"companies/1/{KEY}.xml")
    timeline = [e["event"] for e in (await call(SVC, "documents.events", company_id=shop["company"],
                                                path_params=path)).body["data"]]
    assert timeline[-2:] == ["received", "authorized"]
    refused = await call(SVC, "documents.cancel", company_id=shop["company"], path_params=path)
    assert refused.status == 409


async def test_rejection_keeps_the_sri_messages(call, shop, fakes):
    broker = fakes[2]
    data = (await invoice(call, shop)).body["data"]
    [cause] = await broker.wait_for("sri.submit_document", data["id"])
    await broker.publish(DocumentRejected(document_id=data["id"], access_key=KEY, status="returned",
                                          rejected_at=utcnow(), messages=[SriMessage(
                                              identificador="35", mensaje="ARCHIVO NO CUMPLE ESTRUCTURA XML")]),
                         cause)
    path = {"id": str(data["id"])}

    async def rejected():
        body = (await call(SVC, "documents.get", company_id=shop["company"], path_params=path)).body
        return body["sri_status"] == "rejected"

    await eventually(rejected)
    last = (await call(SVC, "documents.events", company_id=shop["company"], path_params=path)).body["data"][-1]
    assert last["event"] == "rejected" and last["detail"]["messages"][0]["identificador"] == "35"
