"""Webhook rules: Standard Webhooks signatures (verified with the `standardwebhooks` library),
secrets, the URL rule, the request body, back-off and when an endpoint is disabled."""
from __future__ import annotations

import base64
import time
from datetime import datetime, timedelta, timezone

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from services.renderer_mailer.domain import webhooks as domain
from shared.contracts.rpc import Unprocessable
from shared.contracts.webhooks import WEBHOOK_EVENTS, WebhookIn
from shared.rpc.validation import validate_body
from shared.sealing import SealError

pytestmark = pytest.mark.unit
BODY = '{"type":"document.authorized","timestamp":"2026-02-22T10:11:15-05:00","data":{"document_id":7,"total":"1.5000"}}'
KEY = "test-secret-key-please-change-0123456789"


def test_a_secret_is_whsec_and_32_random_bytes():
    secret = domain.new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert domain.new_secret() != secret


def test_the_signature_verifies_with_the_standardwebhooks_library():
    secret = domain.new_secret()
    headers = domain.signed_headers(secret, "msg_abc123", BODY, time.time())
    assert headers["webhook-id"] == "msg_abc123" and headers["webhook-signature"].startswith("v1,")
    assert headers["content-type"] == "application/json"
    assert Webhook(secret).verify(BODY.encode(), headers)["data"]["document_id"] == 7


def test_the_signature_is_hmac_sha256_of_id_timestamp_body():
    import hashlib
    import hmac
    secret = domain.new_secret()
    headers = domain.signed_headers(secret, "msg_1", BODY, 1_700_000_000.9)
    assert headers["webhook-timestamp"] == "1700000000"
    expected = hmac.new(base64.b64decode(secret[6:]), f"msg_1.1700000000.{BODY}".encode(), hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()


@pytest.mark.parametrize("tamper", ["body", "id", "secret", "old"])
def test_a_changed_message_or_another_secret_does_not_verify(tamper):
    secret = domain.new_secret()
    now = time.time() - (3600 if tamper == "old" else 0)
    headers = domain.signed_headers(secret, "msg_1", BODY, now)
    body = BODY.replace("7", "8") if tamper == "body" else BODY
    if tamper == "id":
        headers["webhook-id"] = "msg_2"
    with pytest.raises(WebhookVerificationError):
        Webhook(domain.new_secret() if tamper == "secret" else secret).verify(body.encode(), headers)


def test_a_retry_keeps_the_id_and_body_and_signs_a_new_timestamp():
    secret = domain.new_secret()
    first, later = (domain.signed_headers(secret, "msg_1", BODY, t) for t in (time.time() - 10, time.time()))
    assert first["webhook-id"] == later["webhook-id"] and first["webhook-timestamp"] != later["webhook-timestamp"]
    assert first["webhook-signature"] != later["webhook-signature"]
    Webhook(secret).verify(BODY.encode(), later)


def test_the_secret_is_sealed_bound_to_its_endpoint():
    secret = domain.new_secret()
    sealed = domain.seal_secret(secret, KEY, 5)
    assert secret.encode() not in sealed
    assert domain.open_secret(sealed, KEY, 5) == secret
    for key, endpoint in ((KEY + "x", 5), (KEY, 6)):
        with pytest.raises(SealError):
            domain.open_secret(sealed, key, endpoint)


@pytest.mark.parametrize(("url", "allow_http", "ok"), [
    ("https://example.com/hooks", False, True),
    ("http://example.com/hooks", False, False),
    ("http://example.com/hooks", True, True),
    ("http://localhost:8080/x", False, True),
    ("http://127.0.0.1:9000/x", False, True),
    ("http://127.8.0.1/x", False, True),
    ("http://[::1]:9000/x", False, True),
    ("http://10.0.0.5/x", False, False),
])
def test_https_is_required_except_for_loopback_or_when_allowed(url, allow_http, ok):
    assert (domain.url_problem(url, allow_http, True) is None) is ok  # private addresses allowed (dev)


def test_the_body_keeps_known_events_once_and_optional_description():
    body = validate_body(WebhookIn, {"url": " https://example.com/h ", "events": ["stock.low", "stock.low",
                                                                                  "document.created"]})
    assert (body.url, body.events, body.description) == ("https://example.com/h", ["stock.low", "document.created"],
                                                         None)
    assert "payment.registered" in WEBHOOK_EVENTS


@pytest.mark.parametrize(("body", "field", "text"), [
    ({"events": ["stock.low"]}, "url", "El campo url es obligatorio."),
    ({"url": "ftp://example.com", "events": ["stock.low"]}, "url", "URL http(s) válida"),
    ({"url": "https://", "events": ["stock.low"]}, "url", "URL http(s) válida"),
    ({"url": "https://u:p@example.com", "events": ["stock.low"]}, "url", "usuario ni contraseña"),
    ({"url": "https://example.com"}, "events", "El campo events es obligatorio."),
    ({"url": "https://example.com", "events": []}, "events", "al menos 1"),
    ({"url": "https://example.com", "events": ["stock.low", "invoice.paid"]}, "events.1",
     "El evento invoice.paid no existe. Eventos: document.created, document.authorized"),
    ({"url": "https://example.com", "events": "stock.low"}, "events", "lista"),
])
def test_a_bad_body_is_a_422_on_its_field_in_spanish(body, field, text):
    with pytest.raises(Unprocessable) as err:
        validate_body(WebhookIn, body)
    assert text in " ".join(err.value.errors[field])


DELAYS = (5.0, 300.0, 1800.0)


def test_the_back_off_follows_the_schedule_then_stops():
    assert [domain.next_delay(DELAYS, n) for n in (1, 2, 3, 4)] == [5.0, 300.0, 1800.0, None]
    assert domain.next_delay(DELAYS, 1, jitter=0.1) == pytest.approx(5.5)


def test_a_longer_retry_after_is_honoured_and_capped():
    assert domain.next_delay(DELAYS, 1, retry_after=60) == 60
    assert domain.next_delay(DELAYS, 2, retry_after=60) == 300
    assert domain.next_delay(DELAYS, 1, retry_after=10**9) == domain.MAX_RETRY_AFTER
    assert domain.next_delay(DELAYS, 4, retry_after=60) is None


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2026, 2, 22, 12, 0, tzinfo=timezone.utc)
    assert domain.parse_retry_after("120") == 120
    assert domain.parse_retry_after("Sun, 22 Feb 2026 12:01:00 GMT", now) == 60
    assert domain.parse_retry_after("soon") is None and domain.parse_retry_after(None) is None


@pytest.mark.parametrize(("status", "ok", "gone"), [(200, True, False), (204, True, False), (301, False, False),
                                                     (410, False, True), (500, False, False), (None, False, False)])
def test_only_a_2xx_is_a_success(status, ok, gone):
    outcome = domain.Outcome(status, 12)
    assert (outcome.succeeded, outcome.gone) == (ok, gone)
    if status is not None:
        assert (domain.answer_error(status) is None) is ok
    if status == 301:
        assert "redirección no seguida" in domain.answer_error(status)


def test_the_response_excerpt_is_at_most_500_characters():
    assert len(domain.excerpt(("ñ" * 2000).encode())) == 500 and domain.excerpt(b"") is None


NOW = datetime(2026, 2, 22, 12, 0, tzinfo=timezone.utc)


def reason(**kw):
    args = {"gone": False, "failure_count": 0, "failing_since": None, "now": NOW, "disable_after": 20,
            "disable_after_days": 5, **kw}
    return domain.disable_reason(**args)


def test_an_endpoint_is_disabled_by_410_by_count_or_by_days():
    assert reason() is None
    assert reason(failure_count=19, failing_since=NOW - timedelta(days=4, hours=23)) is None
    assert "410" in reason(gone=True)
    assert "20 entregas fallidas seguidas" in reason(failure_count=20)
    assert "2026-02-17" in reason(failing_since=NOW - timedelta(days=5))
