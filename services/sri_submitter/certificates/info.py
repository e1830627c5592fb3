"""What a signing certificate says: its metadata (subject, issuer, RUC, validity), whether it
may sign, and the checks made before signing with it.

Ecuadorian CAs put the company's RUC in extension (or subject attribute)
1.3.6.1.4.1.37746.3.11, or only in the subject's serialNumber. The SRI rejects signatures
made with an encryption certificate (error 39): a certificate may sign when its KeyUsage
has digital_signature, or when it has no KeyUsage restriction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from services.sri_submitter.certificates.errors import CertificateExpired, CertificateNotYetValid, RucMismatch
from shared.rpc.formatting import timestamp

RUC_OID = x509.ObjectIdentifier("1.3.6.1.4.1.37746.3.11")  # where Ecuadorian CAs put the RUC
TEXT_TYPES = (core.UTF8String, core.PrintableString, core.IA5String)
NAME_OVERRIDES = {x509.NameOID.SERIAL_NUMBER: "SERIALNUMBER"}  # as Java's X500Principal names it


def name_text(name: x509.Name) -> str:
    """RFC 4514 text of a distinguished name (`CN=...,OU=...,O=...,C=EC`)."""
    return name.rfc4514_string(NAME_OVERRIDES)


@dataclass(frozen=True)
class CertificateInfo:
    """What the API shows about the stored certificate (`GET /settings/certificate`)."""

    subject: str
    issuer: str
    serial_number: int
    ruc: str | None
    valid_from: datetime
    valid_to: datetime

    def days_left(self, now: datetime | None = None) -> int:
        """Whole days until expiry; negative once expired."""
        return (self.valid_to - (now or datetime.now(timezone.utc))).days

    def as_public(self, now: datetime | None = None) -> dict:
        return {"subject": self.subject, "issuer": self.issuer, "serial_number": str(self.serial_number),
                "ruc": self.ruc, "valid_from": timestamp(self.valid_from), "valid_to": timestamp(self.valid_to),
                "days_left": self.days_left(now)}


@dataclass(frozen=True)
class SigningCertificate:
    """The signing key with its certificate."""

    key: rsa.RSAPrivateKey = field(repr=False)
    certificate: x509.Certificate
    info: CertificateInfo

    def check(self, expected_ruc: str | None = None, now: datetime | None = None) -> None:
        """Raise CertificateNotYetValid, CertificateExpired or RucMismatch."""
        moment = now or datetime.now(timezone.utc)
        if moment < self.info.valid_from:
            raise CertificateNotYetValid(self.info.valid_from)
        if moment > self.info.valid_to:
            raise CertificateExpired(self.info.valid_to)
        if expected_ruc is not None and self.info.ruc != expected_ruc:
            raise RucMismatch(expected_ruc, self.info.ruc)


def _ruc_from_text(text: str) -> str | None:
    """13 digits ending in 001 are a RUC; 10 digits are a cédula, whose RUC adds 001."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 13 and digits.endswith("001"):
        return digits
    return digits + "001" if len(digits) == 10 else None


def _extension_text(value: bytes) -> str:
    """A DER string (UTF8String, PrintableString, IA5String) as text; other bytes as Latin-1."""
    try:
        parsed = core.load(value)
        if isinstance(parsed, TEXT_TYPES):
            return parsed.native
    except ValueError:  # not DER, or undecodable text
        pass
    return value.decode("latin-1")


def ruc_of(cert: x509.Certificate) -> str | None:
    """The RUC: extension or subject attribute 1.3.6.1.4.1.37746.3.11, else the subject serialNumber."""
    candidates = []
    try:
        candidates.append(_extension_text(cert.extensions.get_extension_for_oid(RUC_OID).value.value))
    except x509.ExtensionNotFound:
        pass
    for oid in (RUC_OID, x509.NameOID.SERIAL_NUMBER):
        candidates += [str(a.value) for a in cert.subject.get_attributes_for_oid(oid)]
    for text in candidates:
        if ruc := _ruc_from_text(text):
            return ruc
    return None


def signing_usage(cert: x509.Certificate) -> int:
    """2: KeyUsage has digital_signature; 1: no KeyUsage (unrestricted); 0: not for signing."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return 1
    return 2 if usage.digital_signature else 0


def info_of(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(subject=name_text(cert.subject), issuer=name_text(cert.issuer),
                           serial_number=cert.serial_number, ruc=ruc_of(cert),
                           valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc)
