"""The RIDE and the automatic mail: documents sends `renderer.render_and_mail` once the SRI
authorized an invoice (a sales order: once numbered), and applies renderer-mailer's events
(rendered, mailed, mail_failed) to the document and its timeline, in any order."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.contracts.envelope import utcnow
from shared.contracts.renderer import DocumentMailed, DocumentRendered, MailFailed
from shared.contracts.sri_results import DocumentAuthorized
from tests.documents.integration.helpers import SVC, authorize, consumed, customer, invoice
from tests.harness import eventually

pytestmark = pytest.mark.integration
RENDER = "renderer.render_and_mail"


async def detail(call, company: int, document_id: int) -> dict:
    reply = await call(SVC, "documents.get", company_id=company, path_params={"id": str(document_id)})
    assert reply.status == 200, reply.body
    return reply.body


async def timeline(call, company: int, document_id: int) -> list[dict]:
    reply = await call(SVC, "documents.events", company_id=company, path_params={"id": str(document_id)})
    return reply.body["data"]


async def applied(documents, queue: str, publish) -> None:
    """Publish, then wait until documents' consumer of `queue` handled one more message."""
    before = consumed(documents, queue)
    await publish()
    await eventually(lambda: consumed(documents, queue) > before)


async def test_an_authorized_invoice_is_rendered_and_mailed_once(call, shop, fakes, documents):
    broker, company = fakes[2], shop["company"]
    data = (await invoice(call, shop, customer_id=await customer(call, company))).body["data"]
    assert data["mail_status"] == "pending" and data["files"] == {"xml_path": None, "pdf_path": None}
    shown = await authorize(call, broker, company, data["id"])
    [command] = await broker.wait_for(RENDER, data["id"])
    payload = command.payload
    assert (payload["mail"], payload["request_id"], payload["recipients"]) == (True, "auto", ["cliente@example.com"])
    assert payload["display_number"] == f"001-001-{int(data['number']):09d}" and payload["plain"] is None
    assert payload["snapshot"]["sequential"] == int(data["number"])
    assert payload["authorization"]["xml_path"] == shown["files"]["xml_path"]
    assert command.company_id == company
    [cause] = broker.for_document("sri.submit_document", data["id"])
    key = f"{data['id']:049d}"
    await applied(documents, "documents.on_sri_authorized", lambda: broker.publish(DocumentAuthorized(
        document_id=data["id"], access_key=key, authorization_number=key, authorized_at=utcnow(),
        environment="test", xml_path="otro.xml"), cause))  # a second authorization: nothing more is asked
    assert len(broker.for_document(RENDER, data["id"])) == 1

    now = utcnow()
    rendered = DocumentRendered(document_id=data["id"], pdf_path=f"companies/{company}/x.pdf", rendered_at=now)
    await applied(documents, "documents.on_document_rendered", lambda: broker.publish(rendered, command))
    sent = DocumentMailed(document_id=data["id"], request_id="auto", recipients=["cliente@example.com"],
                          message_id="<1@x>", sent_at=now, smtp_reply="250 2.0.0 Ok: queued")
    await applied(documents, "documents.on_document_mailed", lambda: broker.publish(sent, command))
    late = MailFailed(document_id=data["id"], request_id="auto", recipients=["cliente@example.com"],
                      reason="451 4.3.0 Intente más tarde", smtp_code=451, permanent=False,
                      failed_at=now - timedelta(seconds=1))
    await applied(documents, "documents.on_mail_failed", lambda: broker.publish(late, command))

    doc = await detail(call, company, data["id"])
    assert doc["mail_status"] == "sent" and doc["files"]["pdf_path"] == f"companies/{company}/x.pdf"
    assert doc["sri_response"]["mail"] == {"status": "sent", "request_id": "auto",
                                           "recipients": ["cliente@example.com"], "sent_at": now.isoformat()}
    events = await timeline(call, company, data["id"])
    assert [e["event"] for e in events][-3:] == ["rendered", "mailed", "mail_failed"]
    assert events[-2]["detail"]["recipients"] == ["cliente@example.com"] and events[-2]["message"]
    assert events[-1]["detail"]["permanent"] is False


async def test_a_refused_mail_is_failed_with_the_reason(call, shop, fakes, documents):
    broker, company = fakes[2], shop["company"]
    data = (await invoice(call, shop, customer_id=await customer(call, company))).body["data"]
    await authorize(call, broker, company, data["id"])
    [command] = await broker.wait_for(RENDER, data["id"])
    refused = MailFailed(document_id=data["id"], request_id="auto", recipients=["cliente@example.com"],
                         reason="550 5.7.1 Relay denegado", smtp_code=550, permanent=True, failed_at=utcnow())
    await applied(documents, "documents.on_mail_failed", lambda: broker.publish(refused, command))
    doc = await detail(call, company, data["id"])
    assert doc["mail_status"] == "failed" and doc["sri_response"]["mail"]["reason"] == "550 5.7.1 Relay denegado"
    assert (await timeline(call, company, data["id"]))[-1]["detail"]["permanent"] is True


async def test_consumidor_final_is_skipped_but_rendered(call, shop, fakes):
    broker, company = fakes[2], shop["company"]
    data = (await invoice(call, shop)).body["data"]
    assert data["mail_status"] == "skipped"
    await authorize(call, broker, company, data["id"])
    [command] = await broker.wait_for(RENDER, data["id"])
    assert (command.payload["mail"], command.payload["recipients"]) == (False, [])
    doc = await detail(call, company, data["id"])
    assert doc["sri_response"]["mail"]["reason"] == "consumidor final"
    skipped = [e for e in await timeline(call, company, data["id"]) if e["event"] == "mail_skipped"]
    assert [e["detail"] for e in skipped] == [{"reason": "consumidor final"}]


async def test_a_sales_order_is_rendered_once_numbered_and_not_mailed(call, shop, fakes):
    broker, company = fakes[2], shop["company"]
    order = await call(SVC, "sales_orders.create", company_id=company, body={
        "customer_id": await customer(call, company), "items": [{"product_id": shop["pencil"], "quantity": 1}]})
    assert order.status == 201 and order.body["data"]["mail_status"] == "skipped"
    [command] = await broker.wait_for(RENDER, order.body["data"]["id"])
    payload = command.payload
    assert (payload["document_type"], payload["mail"], payload["snapshot"], payload["authorization"]) == \
        ("sales_order", False, None, None)
    assert payload["plain"]["buyer"]["email"] == "cliente@example.com"
    assert payload["plain"]["lines"][0]["quantity"] == "1.000000" and payload["display_number"] == "001-001-000000001"
