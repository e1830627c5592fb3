"""Webhook URLs may only reach public addresses (SSRF): the address check, the host check at
registration, the URL rule with and without WEBHOOK_ALLOW_PRIVATE_URLS, and a refused attempt ending
the delivery at once."""
from __future__ import annotations

import ipaddress
from types import SimpleNamespace

import pytest

from services.renderer_mailer.domain import webhook_addresses as addresses
from services.renderer_mailer.domain import webhooks as domain
from services.renderer_mailer.process import webhook_delivery as worker

pytestmark = pytest.mark.unit

REFUSED = ["10.0.0.5", "172.16.3.4", "192.168.1.1", "127.0.0.1", "127.8.0.1", "169.254.169.254", "0.0.0.0",
           "224.0.0.1", "240.0.0.1", "255.255.255.255", "100.64.0.1", "192.0.2.10", "::1", "::", "fe80::1",
           "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "2001:db8::1"]
PUBLIC = ["8.8.8.8", "1.1.1.1", "200.107.10.62", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_private_loopback_link_local_multicast_reserved_and_unspecified_are_refused(address):
    assert addresses.address_refused(ipaddress.ip_address(address))
    assert addresses.refused_ip(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert not addresses.address_refused(ipaddress.ip_address(address))
    assert not addresses.refused_ip(address)


def test_what_is_not_an_address_is_refused_by_the_resolver_check():
    assert addresses.refused_ip("not-an-address") and addresses.refused_ip("")


@pytest.mark.parametrize(("host", "refused"), [
    ("localhost", True), ("LOCALHOST.", True), ("api.localhost", True), ("127.0.0.1", True),
    ("2130706433", True), ("0x7f.1", True), ("169.254.169.254", True), ("fe80::1%eth0", True), (None, True),
    ("example.com", False), ("hooks.example.ec", False), ("8.8.8.8", False), ("2606:4700:4700::1111", False),
])
def test_a_url_host_is_checked_before_any_lookup(host, refused):
    assert addresses.host_refused(host) is refused


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/x", "https://localhost:8443/x", "https://10.1.2.3/x", "https://[::1]/x",
    "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/x", "http://127.0.0.1:9000/x",
    "https://[::ffff:10.0.0.1]/x", "https://0.0.0.0/x",
])
def test_registration_refuses_private_urls_unless_allowed(url):
    assert domain.url_problem(url, False, False) == addresses.PRIVATE_HOST
    assert domain.url_problem(url, True, True) is None


def test_public_urls_still_follow_the_https_rule():
    assert domain.url_problem("https://hooks.example.com/x", False, False) is None
    assert domain.url_problem("https://8.8.8.8/x", False, False) is None
    assert domain.url_problem("http://hooks.example.com/x", False, False) == domain.HTTPS_ONLY


class _Conn:
    def transaction(self):
        return self

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class _Pool:
    def acquire(self):
        return _Conn()


@pytest.mark.parametrize(("outcome", "status"), [
    (domain.Outcome(None, 1, addresses.REFUSED_DELIVERY.format(address="10.0.0.1"), refused=True), "failed"),
    (domain.Outcome(None, 1, "No se pudo conectar con el receptor: x"), "pending"),
])
async def test_a_refused_address_fails_the_delivery_at_once(monkeypatch, outcome, status):
    """The worker records a refused attempt as the delivery's end (no retries), a plain failure as a retry."""
    finished, attempts = {}, []

    async def finish(conn, delivery_id, lease, **kw):
        finished.update(kw)
        return {"id": delivery_id}

    async def add_attempt(conn, delivery_id, out):
        attempts.append(out)

    async def record_failure(conn, endpoint_id, delivery_failed):
        return {"failure_count": 1, "failing_since": None, "enabled": True}

    monkeypatch.setattr(worker.deliveries, "finish", finish)
    monkeypatch.setattr(worker.deliveries, "add_attempt", add_attempt)
    monkeypatch.setattr(worker.endpoints, "record_failure", record_failure)
    settings = SimpleNamespace(webhook_timeout_seconds=1, webhook_retry_delays=(5.0, 30.0), webhook_disable_after=20,
                               webhook_disable_after_days=5.0)
    source = worker.WebhookDeliveries(_Pool(), None, settings)
    await source.record({"id": "msg_1", "lease_token": "t", "tries": 0, "endpoint_id": 3}, outcome)
    assert finished["status"] == status and finished["tries"] == 1 and attempts == [outcome]
