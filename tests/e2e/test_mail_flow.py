"""The RIDE and the e-mail end to end through the gateway: an authorized invoice is rendered
once, mailed once with the authorized XML and the PDF attached (the SMTP sink keeps the
.eml), and served by GET /documents/{id}/pdf and /xml; a refusing mail server gives
`failed` with its reply and a resend succeeds; a consumidor final is `skipped`; a sales
order is sent only when asked (PDF only)."""
from __future__ import annotations

import asyncio

import pytest
from lxml import etree

from tests import harness
from tests.e2e.stacks import created

pytestmark = pytest.mark.e2e


@pytest.fixture
def stack(full_stack):
    return full_stack


@pytest.fixture
def api(full_api):
    return full_api


@pytest.fixture
def shop(full_shop):
    return full_shop


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_payload(decode=True) for part in message.iter_attachments()}


def mails_to(stack, address: str) -> list:
    return [m for m in stack.sink.parsed() if address in str(m["To"])]


async def invoice(api, shop, **extra) -> dict:
    return await created(api, "/documents/invoices", {
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["product"], "quantity": 2}], **extra})


async def detail(api, doc_id: int) -> dict:
    resp = await api.get(f"/documents/{doc_id}")
    assert resp.status_code == 200, resp.text
    return resp.json()


async def mail_status(api, doc_id: int, expected: str) -> dict:
    async def reached():
        doc = await detail(api, doc_id)
        return doc if doc["sri_response"]["mail"]["status"] == expected else None
    return await harness.eventually(reached, timeout=30, interval=0.1)


async def timeline(api, doc_id: int) -> list[str]:
    body = (await api.get(f"/documents/{doc_id}/events", params={"per_page": 100})).json()
    return [e["event"] for e in body["data"]]


async def test_authorized_invoice_is_mailed_once_with_both_files(api, shop, stack):
    before, earlier = len(stack.sink.messages()), len(mails_to(stack, "cliente@example.com"))
    data = await invoice(api, shop)
    assert data["sri_status"] == "authorized", data
    assert data["mail_status"] == "sent", data  # the default bounded wait covers the mail step
    key = data["sri_access_key"]
    number = f"{data['series']}-{data['number']}"
    assert data["files"]["xml_path"].endswith(f"/{key}.xml")
    assert data["files"]["pdf_path"].endswith(f"-Factura-{number}.pdf"), data["files"]

    await asyncio.sleep(0.5)  # room for a duplicate to show up
    mails = mails_to(stack, "cliente@example.com")[earlier:]
    assert len(stack.sink.messages()) == before + 1 and len(mails) == 1
    mail = mails[0]
    assert number in mail["Subject"], mail["Subject"]
    files = attachments(mail)
    assert set(files) == {f"{key}.xml", data["files"]["pdf_path"].rsplit("/", 1)[1]}, set(files)
    authorization = etree.fromstring(files[f"{key}.xml"])
    assert authorization.tag == "autorizacion"
    assert authorization.findtext("estado") == "AUTORIZADO"
    assert authorization.findtext("numeroAutorizacion") == key
    comprobante = etree.fromstring(authorization.findtext("comprobante").encode())
    assert comprobante.findtext("infoTributaria/claveAcceso") == key

    pdf = await api.get(f"/documents/{data['id']}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == files[data["files"]["pdf_path"].rsplit("/", 1)[1]]
    xml = await api.get(f"/documents/{data['id']}/xml")
    assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
    assert xml.content == files[f"{key}.xml"]
    events = await timeline(api, data["id"])
    assert events.count("rendered") == 1 and events.count("mailed") == 1, events


async def test_refusing_mail_server_gives_failed_and_a_resend_succeeds(api, shop, stack):
    stack.sink.fail(550, "5.7.1 Relay denegado")
    try:
        data = await invoice(api, shop)
        doc = await mail_status(api, data["id"], "failed")
    finally:
        stack.sink.accept()
    assert "550" in str(doc["sri_response"]["mail"]), doc["sri_response"]
    assert "mail_failed" in await timeline(api, data["id"])
    before = len(stack.sink.messages())
    resp = await api.post(f"/documents/{data['id']}/email", json={"recipients": ["contabilidad@example.com"]})
    assert resp.status_code == 202, resp.text
    await mail_status(api, data["id"], "sent")
    mails = mails_to(stack, "contabilidad@example.com")
    assert len(stack.sink.messages()) == before + 1 and len(mails) == 1
    assert len(attachments(mails[0])) == 2


async def test_a_transient_refusal_is_retried(api, shop, stack):
    stack.sink.fail(451, "4.3.0 Intente más tarde", times=1)
    data = await invoice(api, shop)
    await mail_status(api, data["id"], "sent")


async def test_consumidor_final_is_skipped_but_rendered(api, shop, stack):
    data = await created(api, "/documents/invoices", {
        "warehouse_id": shop["warehouse"], "items": [{"product_id": shop["product"], "quantity": 1}]})
    assert data["mail_status"] == "skipped", data
    doc = await harness.eventually(lambda: _rendered(api, data["id"]), timeout=20, interval=0.1)
    assert doc["files"]["pdf_path"], doc


async def _rendered(api, doc_id: int):
    doc = await detail(api, doc_id)
    return doc if (doc.get("files") or {}).get("pdf_path") else None


async def test_a_sales_order_is_mailed_only_when_asked(api, shop, stack):
    data = await created(api, "/documents/sales-orders", {
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["product"], "quantity": 3}]})
    assert data["mail_status"] == "skipped"
    await harness.eventually(lambda: _rendered(api, data["id"]), timeout=20, interval=0.1)
    before = len(stack.sink.messages())
    resp = await api.post(f"/documents/{data['id']}/email", json={"recipients": ["compras@example.com"]})
    assert resp.status_code == 202, resp.text
    await mail_status(api, data["id"], "sent")
    mails = mails_to(stack, "compras@example.com")
    assert len(stack.sink.messages()) == before + 1 and len(mails) == 1
    assert [name for name in attachments(mails[0])] == [
        (await detail(api, data["id"]))["files"]["pdf_path"].rsplit("/", 1)[1]]
