"""Webhook rules (Standard Webhooks, https://www.standardwebhooks.com/): the secret, the signed
headers, the URL rule, what an attempt's answer means, the back-off and when an endpoint is disabled.

- Secret: `whsec_` + base64 of 32 random bytes, one per endpoint.
- Each attempt: `webhook-id` (the delivery's id, stable across retries and replays),
  `webhook-timestamp` (this attempt, unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256
  of "id.timestamp.body">`, signed with the `standardwebhooks` library receivers verify with.
- Success is a 2xx; anything else (3xx included: redirects are not followed), a timeout or a
  connection error is a failed attempt, retried after the n-th delay of the schedule (with up to
  10 % jitter; a longer Retry-After is honoured) until the schedule is used up: then the delivery
  is `failed`. 410 Gone fails the delivery and disables the endpoint at once.
- An endpoint is disabled after `disable_after` deliveries in a row ended failed, or when every
  attempt has failed for `disable_after_days`; a 2xx resets both counts.
- URL: https; plain http only for loopback hosts (localhost, 127.0.0.0/8, ::1: development and
  tests), or anywhere when the service allows it (WEBHOOK_ALLOW_HTTP). Public addresses only
  (domain/webhook_addresses.py) unless WEBHOOK_ALLOW_PRIVATE_URLS.
"""
from __future__ import annotations

import base64
import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from standardwebhooks import Webhook

from services.renderer_mailer.domain.webhook_addresses import PRIVATE_HOST, host_refused
from shared import sealing

SECRET_BYTES = 32
EXCERPT_CHARS = 500
MAX_ENDPOINTS = 20  # per company
MAX_RETRY_AFTER = 86_400.0  # a Retry-After beyond a day is capped
JITTER = 0.1
USER_AGENT = "einvoice-ec-webhooks/1.0"
SEAL_INFO = b"einvoice-ec renderer_mailer webhook secret v1"
HTTPS_ONLY = "El campo url debe usar https:// (http:// solo se admite para localhost, 127.0.0.1 o [::1])."


def new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(SECRET_BYTES)).decode()


def seal_secret(secret: str, key: str, endpoint_id: int) -> bytes:
    """The secret sealed with SECRETS_KEY, bound to its endpoint."""
    return sealing.seal(secret.encode(), key, info=SEAL_INFO, context=f"webhook:{endpoint_id}".encode())


def open_secret(sealed: bytes, key: str, endpoint_id: int) -> str:
    """Raises shared.sealing.SealError (SECRETS_KEY changed, or another endpoint's blob)."""
    return sealing.unseal(sealed, key, info=SEAL_INFO, context=f"webhook:{endpoint_id}".encode()).decode()


def signed_headers(secret: str, message_id: str, body: str, now: float) -> dict[str, str]:
    """The headers of one attempt at `now` (unix seconds)."""
    stamp = int(now)
    signature = Webhook(secret).sign(message_id, datetime.fromtimestamp(stamp, timezone.utc), body)
    return {"webhook-id": message_id, "webhook-timestamp": str(stamp), "webhook-signature": signature,
            "content-type": "application/json", "user-agent": USER_AGENT}


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str, allow_http: bool, allow_private: bool) -> str | None:
    """None when `url` (already a valid http(s) URL) may receive webhooks, else the Spanish reason."""
    parts = urlsplit(url)
    if not allow_private and host_refused(parts.hostname):
        return PRIVATE_HOST
    if parts.scheme == "https" or allow_http or is_loopback(parts.hostname):
        return None
    return HTTPS_ONLY


@dataclass(frozen=True)
class Outcome:
    """One attempt: the HTTP status (None: no answer), how long it took, what went wrong."""

    status_code: int | None
    duration_ms: int
    error: str | None = None
    excerpt: str | None = None
    retry_after: float | None = None
    refused: bool = False  # not sent: the address is not allowed (the delivery fails at once)

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


def answer_error(status: int) -> str | None:
    """The Spanish error of an HTTP answer (None for a 2xx)."""
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return f"El receptor respondió {status} (redirección no seguida: actualice la URL del webhook)."
    if status == 410:
        return "El receptor respondió 410 Gone: no desea recibir más webhooks."
    return f"El receptor respondió {status}."


def excerpt(raw: bytes) -> str | None:
    text = raw.decode("utf-8", errors="replace")
    return text[:EXCERPT_CHARS] or None


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def next_delay(delays: tuple[float, ...], failed_tries: int, retry_after: float | None = None,
               jitter: float = 0.0) -> float | None:
    """Seconds until the next attempt after `failed_tries` failed attempts (1 = the first one
    failed); None when the schedule is used up. `jitter` in [0, JITTER] stretches the delay."""
    if failed_tries > len(delays):
        return None
    delay = delays[failed_tries - 1] * (1 + jitter)
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


def disable_reason(*, gone: bool, failure_count: int, failing_since: datetime | None, now: datetime,
                   disable_after: int, disable_after_days: float) -> str | None:
    """Why the endpoint must be disabled now, in Spanish; None to keep it."""
    if gone:
        return "Deshabilitado: el receptor respondió 410 Gone (no desea recibir más webhooks)."
    if failure_count >= disable_after:
        return f"Deshabilitado tras {failure_count} entregas fallidas seguidas."
    if failing_since is not None and now - failing_since >= timedelta(days=disable_after_days):
        return (f"Deshabilitado: todas las entregas fallan desde {failing_since.date().isoformat()} "
                f"({disable_after_days:g} días).")
    return None
