"""Contracts owned by sri-submitter: what happened to a document at the SRI.

documents consumes them to keep `sri_status` and the timeline; renderer-mailer
starts from `sri.document_authorized`.

Steps recorded in one write of the submission (signed and received, or received and the
authorization when the SRI answers at once) leave as one message: the last event carries
the earlier steps in `earlier`, oldest first, each with its own `sequence`. A consumer
applies them in order before the event itself (one delivery instead of up to three).
"""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register


class SriMessage(BaseModel):
    """One `mensaje` of an SRI answer, as the SRI wrote it."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    identificador: str = Field(description="SRI error id, e.g. '35', '43', '60'")
    mensaje: str = Field(description="SRI message text")
    informacion_adicional: str | None = Field(None, description="detail (e.g. the XSD error)")
    tipo: str = Field("ERROR", description="ERROR or ADVERTENCIA")
    code: str | None = Field(None, description="our stable code for this identifier, e.g. SRI_SCHEMA_INVALID")
    hint: str | None = Field(None, description="Spanish hint on how to fix it")


Step = Literal["signed", "sent", "received", "returned", "polled", "retry_scheduled", "error"]
SriStatus = Literal["sending", "received", "error", "pending"]


class ProgressStep(BaseModel):
    """A step recorded with a later event (`earlier` of the events below): what a SubmissionProgressed
    of its own would have said."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    step: Step
    sri_status: SriStatus
    at: datetime
    detail: str | None = None
    messages: list[SriMessage] = Field(default_factory=list)
    sequence: int | None = None


EARLIER = "steps recorded with this event, oldest first: apply them (those newer than the last applied) before it"


@register
class SubmissionProgressed(Contract):
    """A step of the submission, for the document's timeline and `sri_status`."""

    TYPE = "sri.submission_progressed"
    VERSION = 1
    document_id: int
    access_key: str = Field(description="the 49-digit clave de acceso (never changes for the document)")
    step: Step
    sri_status: SriStatus = Field(description="the document's sri_status after this step")
    at: datetime
    detail: str | None = Field(None, description="Spanish summary of the step")
    messages: list[SriMessage] = Field(default_factory=list)
    sequence: int | None = Field(
        None, description="increases with every event of the document's submission; apply only newer ones")
    earlier: list[ProgressStep] = Field(default_factory=list, description=EARLIER)


@register
class DocumentAuthorized(Contract):
    TYPE = "sri.document_authorized"
    VERSION = 1
    document_id: int
    access_key: str
    authorization_number: str
    authorized_at: datetime = Field(description="fechaAutorizacion as the SRI gave it")
    environment: Literal["test", "production"]
    xml_path: str = Field(description="storage path of the authorized XML")
    messages: list[SriMessage] = Field(default_factory=list, description="warnings (e.g. 60 in test)")
    sequence: int | None = Field(
        None, description="increases with every event of the document's submission; apply only newer ones")
    earlier: list[ProgressStep] = Field(default_factory=list, description=EARLIER)


@register
class DocumentRejected(Contract):
    TYPE = "sri.document_rejected"
    VERSION = 1
    document_id: int
    access_key: str
    status: Literal["returned", "not_authorized", "error"] = Field(
        description="DEVUELTA at reception, NO AUTORIZADO at authorization, or an error before sending")
    messages: list[SriMessage] = Field(default_factory=list)
    rejected_at: datetime
    sequence: int | None = Field(
        None, description="increases with every event of the document's submission; apply only newer ones")
    earlier: list[ProgressStep] = Field(default_factory=list, description=EARLIER)
