"""Webhook endpoints (owned by renderer-mailer): the event types and the body of
`POST /settings/webhooks` (`webhooks.create`), validated by renderer-mailer and shown in the
gateway's OpenAPI."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, field_validator

from shared.contracts.text import Text
from shared.rpc.params import RequestModel

# the events a webhook endpoint can subscribe to (API.md); payment.registered fires once payments exist
WEBHOOK_EVENTS: tuple[str, ...] = (
    "document.created", "document.authorized", "document.rejected", "document.mailed", "document.mail_failed",
    "payment.registered", "stock.low")
MAX_URL_LENGTH = 2000
# the URL rule as a JSON Schema pattern, as urlsplit reads a URL (the scheme in any case; a host, no
# user or password; a port 1-65535 or none; no space; blanks around are trimmed): https, or http to a
# loopback host (renderer_mailer domain/webhooks.url_problem)
_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_PORT = "(:(0*([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?)?"
_LOOPBACK = f"([Ll][Oo][Cc][Aa][Ll][Hh][Oo][Ss][Tt]|127\\.{_OCTET}\\.{_OCTET}\\.{_OCTET}|\\[::1\\])"
URL_PATTERN = (f"^\\s*([Hh][Tt][Tt][Pp][Ss]://([^ /?#@:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\])|[Hh][Tt][Tt][Pp]://{_LOOPBACK})"
               f"{_PORT}([/?#][^ ]*)?\\s*$")


def _known_event(value: str) -> str:
    if value not in WEBHOOK_EVENTS:
        raise ValueError(f"El evento {value} no existe. Eventos: {', '.join(WEBHOOK_EVENTS)}.")
    return value


Event = Annotated[str, AfterValidator(_known_event)]


class WebhookIn(RequestModel):
    """`webhooks.create`: where to deliver which events. The signing secret (`whsec_...`) is made
    by the service and shown only in the create answer."""

    url: Text = Field(min_length=1, max_length=MAX_URL_LENGTH, description=(
        "the receiver, `https://...`; plain `http://` only for localhost / 127.0.0.1 / [::1] (development), "
        "unless the service allows it (WEBHOOK_ALLOW_HTTP)"), json_schema_extra={"pattern": URL_PATTERN})
    events: list[Event] = Field(min_length=1, max_length=len(WEBHOOK_EVENTS),
                                description="event types to deliver: " + ", ".join(WEBHOOK_EVENTS))
    description: Text | None = Field(None, max_length=300, description="free text, for you")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            parts = urlsplit(value)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
        except ValueError:  # a bad port or IPv6 literal
            valid = False
        if not valid or " " in value:
            raise ValueError("El campo url debe ser una URL http(s) válida, por ejemplo https://ejemplo.com/webhooks.")
        if parts.username or parts.password:
            raise ValueError("El campo url no puede llevar usuario ni contraseña.")
        return value

    @field_validator("events")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))
