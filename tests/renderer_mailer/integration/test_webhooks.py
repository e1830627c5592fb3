"""Webhooks against the real renderer_mailer (own database and vhost) and a receiver in this process
that verifies every request with `standardwebhooks`: endpoints by RPC (the secret shown once), one
signed delivery per event, retries with the same webhook-id, replays, redeliveries that create
nothing, and endpoints disabled after failures (small WEBHOOK_* settings)."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from shared.contracts.documents.events import InvoiceRecorded
from shared.contracts.envelope import Envelope
from shared.contracts.inventory import StockLow
from shared.contracts.payments import PaymentRegistered
from shared.contracts.sri_results import DocumentAuthorized
from tests.harness import eventually
from tests.renderer_mailer.integration.conftest import WEBHOOK_DISABLE_AFTER as DISABLE_AFTER
from tests.renderer_mailer.webhook_receiver import Receiver
from tests.sequencing.integration.bus import Bus, consumed

pytestmark = pytest.mark.integration
KEY = "2202202601179214673900110010010000001231234567819"  # factura 001-001-000000123


@pytest.fixture(scope="module")
async def bus(mail_env, mailer):
    bus = await Bus(mail_env["AMQP_URL"], ()).start()
    yield bus
    await bus.close()


@pytest.fixture(scope="module")
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


@pytest.fixture
def company() -> int:
    return random.randint(10**6, 2**31 - 1)


async def create(mail_call, receiver, company: int, name: str, events=("document.authorized",)) -> dict:
    body = {"url": receiver.url(name), "events": list(events), "description": f"pruebas {name}"}
    reply = await mail_call("webhooks.create", company_id=company, body=body)
    assert reply.status == 201, reply.body
    return reply.body["data"]


def authorized(document_id: int) -> DocumentAuthorized:
    return DocumentAuthorized(document_id=document_id, access_key=KEY, authorization_number=KEY,
                              authorized_at=datetime.now(timezone.utc), environment="test", xml_path="x.xml")


def stock_low(product_id: int = 4) -> StockLow:
    return StockLow(product_id=product_id, warehouse_id=2, quantity=Decimal("1"), min_stock=Decimal("3"),
                    product_code="LAP", product_name="Lápiz")


async def deliveries_of(mail_call, company: int, endpoint: dict, **query) -> list[dict]:
    reply = await mail_call("webhooks.deliveries", company_id=company, id=endpoint["id"], query=query)
    assert reply.status == 200, reply.body
    return reply.body["data"]


async def settled(mail_call, company: int, endpoint: dict, count: int = 1) -> list[dict]:
    """The endpoint's deliveries once `count` of them are no longer pending."""
    async def done():
        rows = await deliveries_of(mail_call, company, endpoint)
        return rows if len([d for d in rows if d["status"] != "pending"]) >= count else None
    return await eventually(done, timeout=15)


async def test_endpoints_are_created_listed_and_deleted_per_company(mail_call, receiver, company):
    data = await create(mail_call, receiver, company, "crud", ["stock.low", "document.created"])
    assert data["secret"].startswith("whsec_") and data["enabled"] and data["failure_count"] == 0
    assert data["events"] == ["stock.low", "document.created"] and data["disabled_reason"] is None
    listed = (await mail_call("webhooks.list", company_id=company)).body["data"]
    assert [e["id"] for e in listed] == [data["id"]] and "secret" not in listed[0]
    assert (await mail_call("webhooks.list", company_id=company + 1)).body["data"] == []
    assert (await mail_call("webhooks.delete", company_id=company + 1, id=data["id"])).status == 404
    gone = await mail_call("webhooks.delete", company_id=company, id=data["id"])
    assert gone.status == 200 and gone.body["message"] == "Webhook eliminado correctamente."
    missing = await mail_call("webhooks.delete", company_id=company, id=data["id"])
    assert missing.status == 404 and missing.body["message"] == "El webhook no existe."


async def test_bad_bodies_are_a_422_in_spanish(mail_call, company):
    reply = await mail_call("webhooks.create", company_id=company,
                       body={"url": "http://example.com/h", "events": ["document.authorized", "nope"]})
    assert reply.status == 422 and "El evento nope no existe" in reply.body["errors"]["events.1"][0]
    reply = await mail_call("webhooks.create", company_id=company, body={"url": "http://example.com/h",
                                                                    "events": ["stock.low"]})
    assert reply.status == 422 and "https://" in reply.body["errors"]["url"][0]


async def test_an_authorized_document_is_delivered_signed(mail_call, bus, receiver, company):
    endpoint = await create(mail_call, receiver, company, "signed", ["document.created", "document.authorized"])
    await bus.publish(InvoiceRecorded(document_id=501, document_type="invoice", issue_date=date(2026, 2, 22),
                                      customer_id=3, customer_name="Cliente Demo", series="001-001",
                                      total=Decimal("57.5")), company_id=company)
    await receiver.received("signed", 1)
    await bus.publish(authorized(501), company_id=company)
    got = await receiver.received("signed", 2)
    created, done = (r.verified(endpoint["secret"]) for r in got)
    assert created["type"] == "document.created" and created["data"]["total"] == "57.5000"
    assert done["type"] == "document.authorized" and done["data"]["authorization_number"] == KEY
    assert (done["data"]["series"], done["data"]["number"], done["data"]["total"]) == ("001-001", "000000123",
                                                                                       "57.5000")
    assert got[0].webhook_id != got[1].webhook_id and got[1].webhook_id.startswith("msg_")
    rows = await settled(mail_call, company, endpoint, 2)
    assert {d["id"] for d in rows} == {r.webhook_id for r in got}
    assert all(d["status"] == "succeeded" and len(d["attempts"]) == 1 for d in rows)
    assert rows[0]["attempts"][0]["status_code"] == 200 and len(rows[0]["attempts"][0]["response_excerpt"]) == 500


async def test_a_failed_attempt_is_retried_with_the_same_id_and_body(mail_call, bus, receiver, company):
    endpoint = await create(mail_call, receiver, company, "retry")
    receiver.answer("retry", 500)
    await bus.publish(authorized(502), company_id=company)
    first, second = await receiver.received("retry", 2)
    assert first.webhook_id == second.webhook_id and first.body == second.body
    second.verified(endpoint["secret"])
    [row] = await settled(mail_call, company, endpoint)
    assert row["status"] == "succeeded" and [a["status_code"] for a in row["attempts"]] == [500, 200]
    assert row["attempts"][0]["error"] == "El receptor respondió 500."


async def test_a_replay_sends_the_same_delivery_again(mail_call, bus, receiver, company):
    endpoint = await create(mail_call, receiver, company, "replay")
    await bus.publish(authorized(503), company_id=company)
    [first] = await receiver.received("replay", 1)
    [row] = await settled(mail_call, company, endpoint)
    reply = await mail_call("webhooks.replay", company_id=company, id=endpoint["id"], delivery_id=row["id"])
    assert reply.status == 202, reply.body
    again = (await receiver.received("replay", 2))[1]
    assert again.webhook_id == first.webhook_id and again.body == first.body
    again.verified(endpoint["secret"])
    other = await create(mail_call, receiver, company, "other")
    for rpc_company, endpoint_id, delivery_id in ((company, other["id"], row["id"]),
                                                  (company, endpoint["id"], "msg_nope"),
                                                  (company + 1, endpoint["id"], row["id"])):
        missing = await mail_call("webhooks.replay", company_id=rpc_company, id=endpoint_id, delivery_id=delivery_id)
        assert missing.status == 404


async def test_a_registered_payment_is_delivered(mail_call, bus, receiver, company):
    endpoint = await create(mail_call, receiver, company, "paid", ["payment.registered"])
    await bus.publish(PaymentRegistered(
        payment_id=9, document_id=502, document_type="invoice", display_number="001-001-000000120", customer_id=3,
        payment_date=date(2026, 2, 23), method="efectivo", amount=Decimal("40"), applied_advance_amount=Decimal("5"),
        excess_amount=Decimal("9"), overpayment_mode="advance", created_advance_amount=Decimal("9"),
        balance_pending=Decimal("0"), payment_status="paid", registered_at=datetime.now(timezone.utc)),
        company_id=company)
    [got] = await receiver.received("paid", 1)
    body = got.verified(endpoint["secret"])
    assert body["type"] == "payment.registered" and body["data"]["display_number"] == "001-001-000000120"
    assert (body["data"]["amount"], body["data"]["balance_pending"]) == ("40.0000", "0.0000")


async def test_a_redelivered_event_creates_one_delivery(mail_call, bus, receiver, mailer, company):
    endpoint = await create(mail_call, receiver, company, "dupes", ["stock.low"])
    queue = "renderer_mailer.webhook_stock_low"
    before = consumed([mailer], queue, "duplicate")
    env = Envelope.wrap(stock_low(), company_id=company)
    await bus.publish(stock_low(), company_id=company, env=env, times=3)
    await eventually(lambda: consumed([mailer], queue, "duplicate") >= before + 2)
    [row] = await settled(mail_call, company, endpoint)
    assert row["event"] == "stock.low" and row["payload"]["data"]["product"]["name"] == "Lápiz"
    assert len(receiver.requests["dupes"]) == 1


async def test_an_endpoint_is_disabled_after_failed_deliveries(mail_call, bus, receiver, mailer, company):
    endpoint = await create(mail_call, receiver, company, "down", ["stock.low"])
    receiver.answer("down", *([503] * 3 * DISABLE_AFTER))
    for product in range(DISABLE_AFTER):
        await bus.publish(stock_low(product + 1), company_id=company)
    rows = await settled(mail_call, company, endpoint, DISABLE_AFTER)
    assert all(d["status"] == "failed" and len(d["attempts"]) == 3 for d in rows)
    [state] = (await mail_call("webhooks.list", company_id=company)).body["data"]
    assert not state["enabled"] and state["disabled_reason"] == f"Deshabilitado tras {DISABLE_AFTER} entregas " \
                                                                "fallidas seguidas."
    handled = consumed([mailer], "renderer_mailer.webhook_stock_low", "ok")
    await bus.publish(stock_low(99), company_id=company)  # nothing for a disabled endpoint
    await eventually(lambda: consumed([mailer], "renderer_mailer.webhook_stock_low", "ok") > handled)
    reply = await mail_call("webhooks.replay", company_id=company, id=endpoint["id"], delivery_id=rows[0]["id"])
    assert reply.status == 202 and "habilitó de nuevo" in reply.body["message"]
    await receiver.received("down", 3 * DISABLE_AFTER + 1)
    [state] = (await mail_call("webhooks.list", company_id=company)).body["data"]
    assert state["enabled"] and state["failure_count"] == 0
    assert len(await deliveries_of(mail_call, company, endpoint)) == DISABLE_AFTER


async def test_410_disables_at_once_and_redirects_are_not_followed(mail_call, bus, receiver, company):
    endpoint = await create(mail_call, receiver, company, "moved", ["stock.low"])
    receiver.answer("moved", 302, 410)
    await bus.publish(stock_low(), company_id=company)
    [row] = await settled(mail_call, company, endpoint)
    assert row["status"] == "failed" and [a["status_code"] for a in row["attempts"]] == [302, 410]
    assert "redirección no seguida" in row["attempts"][0]["error"]
    assert len(receiver.requests["moved"]) == 2  # /elsewhere was never asked
    [state] = (await mail_call("webhooks.list", company_id=company)).body["data"]
    assert not state["enabled"] and "410" in state["disabled_reason"]
