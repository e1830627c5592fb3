"""The delivery-time check (process/webhook_sender.py) against a real receiver on 127.0.0.1: without
WEBHOOK_ALLOW_PRIVATE_URLS nothing is sent, whether the URL names the address or a name that resolves
to it, and the attempt is a refused Outcome with a clear reason (the delivery then fails at once);
with it the same URLs are delivered."""
from __future__ import annotations

import pytest

from services.renderer_mailer.domain import webhook_addresses
from services.renderer_mailer.domain.webhooks import new_secret
from services.renderer_mailer.process.webhook_sender import WebhookSender
from tests.renderer_mailer.webhook_receiver import Receiver

pytestmark = pytest.mark.integration
BODY = '{"type":"stock.low","data":{}}'


@pytest.fixture
async def receiver():
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


async def _post(allow_private: bool, url: str):
    sender = await WebhookSender(3, 2, allow_private).start()
    try:
        return await sender.post(url, new_secret(), "msg_addr1", BODY)
    finally:
        await sender.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
async def test_a_private_address_is_refused_at_delivery(receiver, host):
    url = receiver.url("private").replace("127.0.0.1", host)
    outcome = await _post(False, url)
    assert outcome.refused and outcome.status_code is None and not outcome.succeeded
    assert "dirección privada" in outcome.error
    assert receiver.requests["private"] == []


async def test_a_name_resolving_to_a_private_address_is_refused_after_the_lookup(receiver, monkeypatch):
    """A public-looking name that resolves to 127.0.0.1 (the DNS-rebinding case): the resolver refuses it."""
    monkeypatch.setattr(webhook_addresses, "host_refused", lambda host: False)  # as if registered when public
    outcome = await _post(False, receiver.url("rebound").replace("127.0.0.1", "localhost"))
    assert outcome.refused and "127.0.0.1" in outcome.error and "dirección privada" in outcome.error
    assert receiver.requests["rebound"] == []


async def test_private_addresses_are_delivered_when_allowed(receiver):
    outcome = await _post(True, receiver.url("allowed"))
    assert outcome.succeeded and not outcome.refused
    assert len(receiver.requests["allowed"]) == 1
