"""The answers of sri_submitter's calls (services/sri_submitter/views/): the signing certificate and a
document's submission to the SRI. The gateway's `PUT /settings/certificate` (put_certificate)
answers what `certificates.put` answers, so it is declared here too.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.contracts.answers import AccessKey, Answer, Timestamp, saved


class Certificate(Answer):
    """The company's active signing certificate (views/certificates.py: certificate)."""

    subject: str = Field(description="the subject's distinguished name (RFC 4514)")
    issuer: str = Field(description="the issuing CA's distinguished name (RFC 4514)")
    serial_number: str = Field(pattern=r"^[0-9]+$", examples=["5284946162409012345"],
                               description="the certificate's serial number, in decimal")
    ruc: str | None = Field(description="the RUC the certificate names; null when it names none")
    valid_from: Timestamp
    valid_to: Timestamp
    days_left: int = Field(description="whole days until valid_to; negative once expired")


class CertificateData(Answer):
    data: Certificate


CertificateSaved = saved(Certificate)


class SriMessage(Answer):
    """A `mensaje` of the SRI's answer (or one of ours, in the same shape)."""

    identificador: str = Field(description="the SRI's message id, e.g. `35`, `43`, `70`")
    mensaje: str
    informacion_adicional: str | None
    tipo: str = Field(description="`ERROR` or `ADVERTENCIA`")
    code: str | None = Field(description="our stable code for the identificador, e.g. `SRI_SCHEMA_INVALID`")
    hint: str | None = Field(description="how to fix it (Spanish)")


class SubmissionAttempt(Answer):
    """One exchange: signing, or a call to the SRI's reception or authorization service."""

    at: Timestamp
    operation: Literal["sign", "reception", "authorization"]
    estado: str = Field(description="the SRI's answer: RECIBIDA, DEVUELTA, AUTORIZADO, NO AUTORIZADO, "
                                    "EN PROCESAMIENTO; ours: FIRMADO, ERROR")
    detail: str | None = Field(description="what happened (Spanish)")
    messages: list[SriMessage]


class Submission(Answer):
    """GET /documents/{id}/sri: the document's submission to the SRI with every attempt."""

    document_id: int
    access_key: AccessKey = Field(description="the clave de acceso, made once (a retry keeps it)")
    status: Literal["pending", "sending", "received", "authorized", "rejected", "error"] = Field(
        description="as the document's sri_status")
    rejection: Literal["returned", "not_authorized"] | None = Field(
        description="when rejected: `returned` (DEVUELTA at reception) or `not_authorized` (NO AUTORIZADO); "
                    "else null")
    environment: Literal["test", "production"]
    attempts: list[SubmissionAttempt] = Field(description="oldest first")
    messages: list[SriMessage] = Field(description="the SRI's messages of the latest answer")
    authorized_at: Timestamp | None
    authorization_number: str | None = Field(description="null until authorized")
    xml_path: str | None = Field(description="the authorized XML in the store; null until authorized")


SubmissionRetried = saved(Submission, "SubmissionRetried")

ANSWERS: dict[str, type[Answer]] = {
    "certificates.get": CertificateData,
    "put_certificate": CertificateSaved,
    "submissions.get": Submission,
    "submissions.retry": SubmissionRetried,
}
