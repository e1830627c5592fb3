"""Company signing certificates: read a .p12, pick the signing pair, check RUC and dates.

A .p12 may hold several certificates and, from some Ecuadorian CAs, two key pairs (one
for signing, one for encryption). The SRI rejects signatures made with the encryption
certificate (error 39), so only a certificate whose KeyUsage has digital_signature (or
that has no KeyUsage restriction) together with its RSA private key is used.
Passwords are only passed to the decoder: never logged, stored in clear or returned.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs12

from services.sri_submitter import der, pkcs12_keys
from services.sri_submitter.cert_errors import (CertificateError, CertificateExpired, CertificateNotYetValid,
                                                NoSigningCertificate, RucMismatch, SealError, WrongPassword)
from services.sri_submitter.sealing import Unsealed, seal, unseal
from shared.rpc.formatting import timestamp

RUC_OID = x509.ObjectIdentifier("1.3.6.1.4.1.37746.3.11")  # where Ecuadorian CAs put the RUC
_STRING_TAGS = {0x0C, 0x13, 0x16}  # UTF8String, PrintableString, IA5String
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
    if len(value) >= 2 and value[0] in _STRING_TAGS:
        try:
            return der.content(value, der.read(value)).decode("utf-8", "replace")
        except ValueError:
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


def _same_key(key, cert: x509.Certificate) -> bool:
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return key.public_key().public_bytes(*spki) == cert.public_key().public_bytes(*spki)


def _key_pairs(p12: bytes, password: str) -> list[tuple[rsa.RSAPrivateKey, x509.Certificate]]:
    try:
        parsed = pkcs12.load_pkcs12(p12, password.encode())
    except (ValueError, TypeError):
        raise WrongPassword() from None
    certs = [c.certificate for c in ([parsed.cert] if parsed.cert else []) + list(parsed.additional_certs)]
    keys = ([parsed.key] if parsed.key is not None else []) + pkcs12_keys.private_keys(p12, password)
    return [(k, c) for k in keys if isinstance(k, rsa.RSAPrivateKey) for c in certs if _same_key(k, c)]


def info_of(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(subject=name_text(cert.subject), issuer=name_text(cert.issuer),
                           serial_number=cert.serial_number, ruc=ruc_of(cert),
                           valid_from=cert.not_valid_before_utc, valid_to=cert.not_valid_after_utc)


def read_p12(p12: bytes, password: str) -> SigningCertificate:
    """The signing pair of the file; WrongPassword or NoSigningCertificate otherwise."""
    pairs = [(key, cert) for key, cert in _key_pairs(p12, password) if signing_usage(cert)]
    if not pairs:
        raise NoSigningCertificate()
    key, cert = max(pairs, key=lambda pair: (signing_usage(pair[1]), pair[1].not_valid_after_utc))
    return SigningCertificate(key=key, certificate=cert, info=info_of(cert))


def load_certificate(p12: bytes, password: str, *, expected_ruc: str | None = None,
                     now: datetime | None = None) -> SigningCertificate:
    """read_p12 + check: the certificate to sign with, or a CertificateError."""
    signing = read_p12(p12, password)
    signing.check(expected_ruc, now)
    return signing


__all__ = ["CertificateError", "CertificateExpired", "CertificateInfo", "CertificateNotYetValid",
           "NoSigningCertificate", "RucMismatch", "SealError", "SigningCertificate", "Unsealed",
           "WrongPassword", "info_of", "load_certificate", "name_text", "read_p12", "ruc_of", "seal", "signing_usage",
           "unseal"]
