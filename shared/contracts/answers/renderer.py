"""The answers of renderer_mailer's calls (services/renderer_mailer/views/): the company's logo and the
webhook endpoints with their deliveries. The gateway's `PUT /settings/company/logo` (put_logo)
answers what `logo.put` answers, so it is declared here too.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from shared.contracts.answers import Answer, Timestamp, list_of, page_of, saved
from shared.contracts.webhooks import WEBHOOK_EVENTS

WebhookEvent = Literal[WEBHOOK_EVENTS]  # type: ignore[valid-type]


class Logo(Answer):
    """The company's logo, printed on its RIDEs (views/logos.py: logo)."""

    content_type: Literal["image/png", "image/jpeg", "image/svg+xml"]
    size: int = Field(description="bytes")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the stored file",
                        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])
    updated_at: Timestamp


class LogoData(Answer):
    data: Logo


LogoSaved = saved(Logo)


class Webhook(Answer):
    """A webhook endpoint (views/webhooks.py: endpoint); its signing secret is never shown again."""

    id: int
    url: str
    events: list[WebhookEvent]
    description: str | None
    enabled: bool = Field(description="false once disabled after failing for too long (a replay enables it)")
    disabled_reason: str | None = Field(description="why it was disabled (Spanish); null while enabled")
    disabled_at: Timestamp | None
    failure_count: int = Field(description="deliveries that ended failed since the last success")
    created_at: Timestamp


class WebhookCreated(Webhook):
    """The new endpoint with its signing secret."""

    secret: str | None = Field(description="the signing secret (`whsec_...`, Standard Webhooks), shown in this "
                                           "answer only: null in an Idempotency-Key replay")


WebhookList = list_of(Webhook)
WebhookSaved = saved(WebhookCreated, "WebhookCreatedSaved")
WebhookDeleted = saved(Webhook, "WebhookDeleted")


class WebhookAttempt(Answer):
    """One try to deliver (views/webhooks.py: attempt)."""

    at: Timestamp
    status_code: int | None = Field(description="the receiver's HTTP status; null without an answer "
                                                "(timeout, refused)")
    duration_ms: int
    error: str | None
    response_excerpt: str | None = Field(description="the start of the receiver's answer")


class WebhookPayload(Answer):
    """The body sent (Standard Webhooks), as signed."""

    type: WebhookEvent
    timestamp: Timestamp
    data: dict[str, Any] = Field(description="the event's data; its keys depend on `type`")


class WebhookDelivery(Answer):
    """An event delivered to an endpoint (views/webhooks.py: delivery)."""

    id: str = Field(pattern=r"^msg_[0-9a-f]{32}$", examples=["msg_" + "0" * 32],
                    description="the `webhook-id` header, the same on every attempt")
    endpoint_id: int
    event: WebhookEvent
    status: Literal["pending", "succeeded", "failed"]
    attempts: list[WebhookAttempt] = Field(description="oldest first")
    next_attempt_at: Timestamp | None = Field(description="null once succeeded or failed")
    created_at: Timestamp
    payload: WebhookPayload


WebhookDeliveryPage = page_of(WebhookDelivery)
WebhookReplayed = saved(WebhookDelivery, "WebhookReplayed")

ANSWERS: dict[str, type[Answer]] = {
    "logo.get": LogoData,
    "put_logo": LogoSaved,
    "webhooks.list": WebhookList,
    "webhooks.create": WebhookSaved,
    "webhooks.delete": WebhookDeleted,
    "webhooks.deliveries": WebhookDeliveryPage,
    "webhooks.replay": WebhookReplayed,
}
