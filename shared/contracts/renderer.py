"""Contracts owned by renderer-mailer: the `renderer.render_and_mail` command (from documents)
and what happened to the document's RIDE and e-mail (events documents and webhooks consume).

A document is rendered once (the first command renders, later ones reuse the stored PDF);
each mail request (`request_id`: `auto` for the automatic mail after authorization, a
fresh id per `POST /documents/{id}/email`) is sent once.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.contracts.sri import SriBuyer, SriIssuer, SriLine, SriNameValue, SriTax, SriTotals, SubmitDocument
from shared.rpc.params import RequestModel

SalesType = Literal["invoice", "credit_note", "debit_note", "sales_order", "quotation"]
AUTO_REQUEST = "auto"


class PlainDocument(BaseModel):
    """A sales order or quotation for its plain (non-SRI) layout: no access key, no authorization."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    issuer: SriIssuer
    establishment: str = Field(pattern=r"^[0-9]{3}$")
    emission_point: str = Field(pattern=r"^[0-9]{3}$")
    buyer: SriBuyer
    lines: list[SriLine] = Field(min_length=1)
    tax_totals: list[SriTax] = Field(default_factory=list)
    totals: SriTotals
    due_date: date | None = None
    valid_until: date | None = Field(None, description="quotation: valid until")
    reference: str | None = None
    seller_name: str | None = None
    notes: str | None = None
    additional_info: list[SriNameValue] = Field(default_factory=list)


class LogoUpload(RequestModel):
    """`logo.put`: the company's logo (`PUT /settings/company/logo`, multipart read by the gateway).
    The type is decided from the bytes; `file_name` and `content_type` are what the client sent."""

    content_base64: str = Field(description="the file, base64 (PNG, JPEG or SVG, at most 1 MB)")
    file_name: str | None = Field(None, max_length=255)
    content_type: str | None = Field(None, max_length=255)


class Authorization(BaseModel):
    """What the SRI's authorization added (SRI kinds)."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    access_key: str = Field(pattern=r"^[0-9]{49}$")
    authorization_number: str = Field(pattern=r"^[0-9]{10,49}$")
    authorized_at: datetime
    xml_path: str = Field(description="storage path of the authorized XML (sri-submitter wrote it)")


@register
class RenderAndMail(Contract):
    """Command: render the document's RIDE (once), store it, and send the mail request `request_id`
    when `mail` is true (to `recipients`; none: nothing is sent and `renderer.mail_failed` says why)."""

    TYPE = "renderer.render_and_mail"
    VERSION = 1
    KIND = "command"

    document_id: int = Field(gt=0)
    company_id: int = Field(gt=0)
    document_type: SalesType
    display_number: str = Field(description="001-001-000000120")
    issue_date: date
    snapshot: SubmitDocument | None = Field(None, description="SRI kinds: the snapshot the SRI authorized")
    authorization: Authorization | None = Field(None, description="SRI kinds: the authorization")
    plain: PlainDocument | None = Field(None, description="sales orders and quotations")
    mail: bool = Field(False, description="send this mail request")
    request_id: str = Field(AUTO_REQUEST, max_length=64, description="`auto`, or one id per resend")
    recipients: list[str] = Field(default_factory=list, description="e-mail addresses")


@register
class DocumentRendered(Contract):
    TYPE = "renderer.document_rendered"
    VERSION = 1
    document_id: int
    pdf_path: str
    rendered_at: datetime


@register
class DocumentMailed(Contract):
    TYPE = "renderer.document_mailed"
    VERSION = 1
    document_id: int
    request_id: str
    recipients: list[str]
    message_id: str = Field(description="the Message-ID header of the mail")
    sent_at: datetime
    smtp_reply: str | None = Field(None, description="the server's answer, e.g. '250 2.0.0 Ok: queued'")


@register
class MailFailed(Contract):
    TYPE = "renderer.mail_failed"
    VERSION = 1
    document_id: int
    request_id: str
    recipients: list[str]
    reason: str = Field(description="Spanish summary with the server's reply")
    smtp_code: int | None = None
    permanent: bool = Field(description="true: will not be retried (5xx, bad address, retries exhausted)")
    failed_at: datetime
