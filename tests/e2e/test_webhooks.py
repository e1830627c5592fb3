"""Webhooks end to end through the gateway: an endpoint created with the API key (POST
/settings/webhooks, the secret shown once) receives document.created, document.authorized and
document.mailed for an invoice issued through the API, each verified with `standardwebhooks`;
the deliveries are listed with their attempts and can be replayed; deleting stops them."""
from __future__ import annotations

import pytest

from tests.e2e.stacks import created
from tests.harness import eventually
from tests.renderer_mailer.webhook_receiver import Receiver

pytestmark = pytest.mark.e2e
EVENTS = ["document.created", "document.authorized", "document.mailed"]


@pytest.fixture
def api(full_api):
    return full_api


@pytest.fixture(scope="module")
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


async def test_an_issued_invoice_reaches_the_receiver_signed(api, full_shop, receiver):
    shop = full_shop
    bad = await api.post("/settings/webhooks", json={"url": receiver.url("e2e"), "events": ["invoice.paid"]})
    assert bad.status_code == 422 and "El evento invoice.paid no existe" in bad.json()["errors"]["events.0"][0]
    hook = await created(api, "/settings/webhooks", {"url": receiver.url("e2e"), "events": EVENTS})
    secret = hook["secret"]
    assert secret.startswith("whsec_")
    listed = (await api.get("/settings/webhooks")).json()["data"]
    assert [h["id"] for h in listed] == [hook["id"]] and "secret" not in listed[0]

    invoice = await created(api, "/documents/invoices", {
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["product"], "quantity": 2}]})
    assert invoice["sri_status"] == "authorized", invoice
    got = await receiver.received("e2e", len(EVENTS), timeout=30)
    payloads = {p["type"]: p for p in (r.verified(secret) for r in got)}
    assert sorted(payloads) == sorted(EVENTS) and len({r.webhook_id for r in got}) == len(EVENTS)
    assert all(p["data"]["document_id"] == invoice["id"] for p in payloads.values())
    assert payloads["document.created"]["data"]["total"] == "57.5000"
    done = payloads["document.authorized"]["data"]
    assert (done["access_key"], done["authorization_number"]) == (invoice["sri_access_key"],
                                                                  invoice["sri_authorization_number"])
    assert (done["series"], done["number"], done["type"]) == (invoice["series"], invoice["number"], "invoice")
    assert payloads["document.mailed"]["data"]["recipients"] == ["cliente@example.com"]

    async def all_recorded():  # the receiver answered; the worker records the attempt right after
        resp = await api.get(f"/settings/webhooks/{hook['id']}/deliveries")
        assert resp.status_code == 200
        listed = resp.json()["data"]
        return resp if all(d["status"] == "succeeded" for d in listed) else None
    deliveries = await eventually(all_recorded, timeout=15, interval=0.1)
    assert deliveries.json()["meta"]["total"] == len(EVENTS)
    assert {d["id"] for d in deliveries.json()["data"]} == {r.webhook_id for r in got}
    assert all(d["attempts"][0]["status_code"] == 200 for d in deliveries.json()["data"])

    first = got[0]
    replay = await api.post(f"/settings/webhooks/{hook['id']}/deliveries/{first.webhook_id}/replay")
    assert replay.status_code == 202 and replay.json()["data"]["id"] == first.webhook_id
    again = (await receiver.received("e2e", len(EVENTS) + 1))[-1]
    assert again.webhook_id == first.webhook_id and again.verified(secret) == first.verified(secret)

    assert (await api.delete(f"/settings/webhooks/{hook['id']}")).status_code == 200
    assert (await api.get(f"/settings/webhooks/{hook['id']}/deliveries")).status_code == 404


async def test_a_replayed_create_does_not_show_the_secret_again(api, receiver):
    body, headers = {"url": receiver.url("replayed"), "events": ["stock.low"]}, {"Idempotency-Key": "hook-once-1"}
    first = await api.post("/settings/webhooks", json=body, headers=headers)
    again = await api.post("/settings/webhooks", json=body, headers=headers)
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert first.json()["data"]["secret"].startswith("whsec_")
    assert again.json()["data"]["secret"] is None and again.json()["data"]["id"] == first.json()["data"]["id"]
    assert (await api.delete(f"/settings/webhooks/{first.json()['data']['id']}")).status_code == 200
