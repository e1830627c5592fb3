"""POST /documents/{id}/email (`documents.email`): a resend, optionally to other recipients, once
per Idempotency-Key; how sales orders and quotations are sent; 404, 409 and 422 otherwise."""
from __future__ import annotations

import pytest

from shared.contracts.envelope import utcnow
from shared.contracts.renderer import DocumentMailed, MailFailed
from tests.documents.integration.helpers import SVC, authorize, customer, invoice
from tests.documents.integration.test_exactly_once import send  # noqa: F401 - the fixture
from tests.documents.integration.test_renderer_results import RENDER, applied, detail, timeline
from tests.harness import eventually

pytestmark = pytest.mark.integration
QUEUED = "Correo en cola de envío."


async def request_command(broker, document_id: int, request_id: str):
    """The `renderer.render_and_mail` of that mail request, once documents' outbox sent it."""
    def sent():
        return [c for c in broker.for_document(RENDER, document_id) if c.payload["request_id"] == request_id]
    [command] = await eventually(sent)
    return command


async def email(call, company: int, document_id, body=None):
    return await call(SVC, "documents.email", company_id=company, path_params={"id": str(document_id)}, body=body)


async def test_a_failed_mail_is_resent_to_other_recipients(call, shop, fakes, documents):
    broker, company = fakes[2], shop["company"]
    data = (await invoice(call, shop, customer_id=await customer(call, company))).body["data"]
    await authorize(call, broker, company, data["id"])
    [auto] = await broker.wait_for(RENDER, data["id"])
    await applied(documents, "documents.on_mail_failed", lambda: broker.publish(MailFailed(
        document_id=data["id"], request_id="auto", recipients=["cliente@example.com"], reason="550 5.1.1 No existe",
        smtp_code=550, permanent=True, failed_at=utcnow()), auto))

    reply = await email(call, company, data["id"], {"recipients": [" conta@example.com", "CONTA@example.com"]})
    assert reply.status == 202 and reply.body["message"] == QUEUED, reply.body
    answer = reply.body["data"]
    assert answer["id"] == data["id"] and answer["mail_status"] == "pending"
    assert answer["recipients"] == ["conta@example.com"] and len(answer["request_id"]) == 32
    resend = await request_command(broker, data["id"], answer["request_id"])
    assert (resend.payload["mail"], resend.payload["recipients"]) == (True, ["conta@example.com"])
    assert resend.payload["authorization"] is not None
    assert (await detail(call, company, data["id"]))["mail_status"] == "pending"

    await applied(documents, "documents.on_document_mailed", lambda: broker.publish(DocumentMailed(
        document_id=data["id"], request_id=answer["request_id"], recipients=["conta@example.com"],
        message_id="<2@x>", sent_at=utcnow()), resend))
    doc = await detail(call, company, data["id"])
    assert doc["mail_status"] == "sent" and doc["sri_response"]["mail"]["recipients"] == ["conta@example.com"]
    events = [e["event"] for e in await timeline(call, company, data["id"])]
    assert events[-3:] == ["mail_failed", "mail_requested", "mailed"]


async def test_a_sales_order_is_sent_when_asked(call, shop, fakes):
    broker, company = fakes[2], shop["company"]
    order = (await call(SVC, "sales_orders.create", company_id=company, body={
        "customer_id": await customer(call, company),
        "items": [{"product_id": shop["pencil"], "quantity": 1}]})).body["data"]
    reply = await email(call, company, order["id"])
    assert reply.status == 202 and reply.body["data"]["recipients"] == ["cliente@example.com"]
    sent = await request_command(broker, order["id"], reply.body["data"]["request_id"])
    assert sent.payload["mail"] is True and sent.payload["plain"] is not None
    rendered = [c for c in broker.for_document(RENDER, order["id"]) if c.payload["request_id"] == "auto"]
    assert [c.payload["mail"] for c in rendered] == [False]  # the render once numbered, never mailed
    assert (await detail(call, company, order["id"]))["mail_status"] == "pending"


async def test_one_mail_request_per_idempotency_key(send, shop, fakes, call):
    broker, company = fakes[2], shop["company"]
    order = (await call(SVC, "quotations.create", company_id=company, body={
        "customer_id": await customer(call, company),
        "items": [{"description": "Diseño", "quantity": 1, "unit_price": 100}]})).body["data"]
    path, body = {"id": str(order["id"])}, {"recipients": ["a@example.com"]}
    first = await send("documents.email", company, body=body, key="mail-1", path_params=path)
    again = await send("documents.email", company, body=body, key="mail-1", path_params=path)
    assert first.status == again.status == 202 and first.body == again.body, (first.body, again.body)
    other = await send("documents.email", company, body={"recipients": ["b@example.com"]}, key="mail-1",
                       path_params=path)
    assert other.status == 409
    requested = [e for e in await timeline(call, company, order["id"]) if e["event"] == "mail_requested"]
    assert [e["detail"]["request_id"] for e in requested] == [first.body["data"]["request_id"]]
    second = await send("documents.email", company, body=body, key="mail-2", path_params=path)
    assert second.status == 202 and second.body["data"]["request_id"] != first.body["data"]["request_id"]
    await request_command(broker, order["id"], second.body["data"]["request_id"])  # sent after the first one's
    mails = [c.payload["request_id"] for c in broker.for_document(RENDER, order["id"]) if c.payload["mail"]]
    assert mails == [first.body["data"]["request_id"], second.body["data"]["request_id"]]


async def test_what_cannot_be_mailed(call, shop, fakes):
    company = shop["company"]
    assert (await email(call, company, 999_999_999)).status == 404
    client = await customer(call, company)
    draft = (await invoice(call, shop, submit_mode="draft", customer_id=client)).body["data"]
    refused = await email(call, company, draft["id"])
    assert refused.status == 409 and "borrador" in refused.body["message"]
    waiting = (await invoice(call, shop, customer_id=client)).body["data"]
    refused = await email(call, company, waiting["id"])
    assert refused.status == 409 and "aún no está autorizado por el SRI" in refused.body["message"]
    final = (await invoice(call, shop)).body["data"]
    await authorize(call, fakes[2], company, final["id"])
    missing = await email(call, company, final["id"])
    assert missing.status == 422 and list(missing.body["errors"]) == ["recipients"]
    bad = await email(call, company, final["id"], {"recipients": ["a@example.com", "no-es-correo"]})
    assert bad.status == 422 and list(bad.body["errors"]) == ["recipients.1"]
    assert bad.body["errors"]["recipients.1"] == ["El campo recipients.1 debe ser un correo electrónico válido."]
    cancelled = await call(SVC, "documents.cancel", company_id=company, path_params={"id": str(draft["id"])})
    assert cancelled.status == 200
    refused = await email(call, company, draft["id"], {"recipients": ["a@example.com"]})
    assert refused.status == 409 and "anulado" in refused.body["message"]
