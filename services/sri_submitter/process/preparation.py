"""Before anything is sent: the company certificate, the XML, its XSD validation, the signature.

Any problem here is the document's `error` (never a submission), with a Spanish message
and a hint; once fixed (e.g. a certificate uploaded), `POST /documents/{id}/sri/retry`
signs it again with the same access key.
"""
from __future__ import annotations

import asyncio

from services.sri_submitter.certificates.errors import CertificateError
from services.sri_submitter.certificates.info import SigningCertificate
from services.sri_submitter.certificates.store import CertificateCache
from services.sri_submitter.domain.messages import local
from services.sri_submitter.xml import XmlBuildError, XmlValidationError, XsdUnavailableError, XsdValidator
from services.sri_submitter.xml import build_validated
from services.sri_submitter.xml.signing import sign
from shared.contracts.sri import SubmitDocument
from shared.contracts.sri_results import SriMessage

CERTIFICATE_HINT = ("Cargue el certificado de firma electrónica vigente de la empresa (PUT /settings/certificate) "
                    "y reintente el envío.")
SCHEMA_HINT = "Revise la estructura del comprobante: no cumple el esquema XSD del SRI y no fue enviado."
DATA_HINT = "Corrija los datos del documento; no fue enviado al SRI."
XSD_HINT = "Configure SRI_XSD_DIR con los esquemas XSD del SRI y reintente el envío."


class PreparationError(Exception):
    def __init__(self, detail: str, messages: list[SriMessage]):
        super().__init__(detail)
        self.detail, self.messages = detail, messages


def problem(exc: Exception) -> PreparationError:
    """The document-facing error for what stopped the preparation."""
    if isinstance(exc, CertificateError):
        return PreparationError(exc.message, [local(exc.code.upper(), exc.message, CERTIFICATE_HINT)])
    if isinstance(exc, XmlValidationError):
        return PreparationError("El XML no cumple el esquema del SRI; no se envió.",
                                [local("XML_SCHEMA_INVALID", m, SCHEMA_HINT) for m in exc.messages])
    if isinstance(exc, XsdUnavailableError):
        return PreparationError(str(exc), [local("XSD_UNAVAILABLE", str(exc), XSD_HINT)])
    return PreparationError(str(exc), [local("XML_BUILD_ERROR", str(exc), DATA_HINT)])


def build_and_sign(snapshot: SubmitDocument, access_key: str, validator: XsdValidator, cert: SigningCertificate,
                   algorithm: str) -> bytes:
    """Build, validate against the XSD, then sign (CPU only: run it in a thread)."""
    root = build_validated(snapshot, access_key, validator)
    return sign(root, cert.key, cert.certificate, algorithm=algorithm)


class Preparer:
    def __init__(self, validator: XsdValidator, certificates: CertificateCache, algorithm: str):
        self.validator, self.certificates, self.algorithm = validator, certificates, algorithm

    async def signed_xml(self, pool, row) -> bytes:
        """The signed document of a submission row; raises PreparationError."""
        snapshot = SubmitDocument.model_validate_json(row["snapshot"])  # JSON text (db.claim)
        try:
            async with pool.acquire() as conn:
                cert = await self.certificates.signing_for(conn, row["company_id"], snapshot.issuer.ruc)
            return await asyncio.to_thread(build_and_sign, snapshot, row["access_key"], self.validator, cert,
                                           self.algorithm)
        except (CertificateError, XmlBuildError, XmlValidationError, XsdUnavailableError) as exc:
            raise problem(exc) from None
