"""Reading an uploaded .p12: every key pair in it, and the one to sign with.

`cryptography` checks the password and integrity and decrypts the certificates, but
keeps only the first private key. Ecuadorian CAs (Security Data, BCE...) issue files with
two key pairs, signing and encryption, so `asn1crypto` walks the file's plain
SafeContents for every key bag and `cryptography` decrypts each one (encrypted PKCS#8
under the file's password). Passwords only reach the decoders: never logged, stored in
clear or returned.
"""
from __future__ import annotations

from datetime import datetime

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_der_private_key, pkcs12

from services.sri_submitter.certificates.errors import NoSigningCertificate, WrongPassword
from services.sri_submitter.certificates.info import SigningCertificate, info_of, signing_usage

KEY_BAGS = {"key_bag": False, "pkcs8_shrouded_key_bag": True}  # bag type -> encrypted under the password


def private_keys(p12: bytes, password: str) -> list:
    """Every key of the file's plain SafeContents that opens with `password`."""
    try:
        infos = asn1_pkcs12.Pfx.load(p12).authenticated_safe
        bags = [bag for info in infos if info["content_type"].native == "data"
                for bag in asn1_pkcs12.SafeContents.load(info["content"].native)]
        wanted = [(bag["bag_value"].untag().dump(), KEY_BAGS[kind]) for bag in bags
                  if (kind := bag["bag_id"].native) in KEY_BAGS]
    except (ValueError, TypeError, KeyError):
        return []  # cannot be walked: the key cryptography found is all there is
    keys = []
    for der, encrypted in wanted:
        try:
            keys.append(load_der_private_key(der, password.encode() if encrypted else None))
        except (ValueError, TypeError):
            continue
    return keys


def _same_key(key, cert: x509.Certificate) -> bool:
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return key.public_key().public_bytes(*spki) == cert.public_key().public_bytes(*spki)


def key_pairs(p12: bytes, password: str) -> list[tuple[rsa.RSAPrivateKey, x509.Certificate]]:
    """Every (RSA key, its certificate) of the file; WrongPassword if it does not open."""
    try:
        parsed = pkcs12.load_pkcs12(p12, password.encode())
    except (ValueError, TypeError):
        raise WrongPassword() from None
    certs = [c.certificate for c in ([parsed.cert] if parsed.cert else []) + list(parsed.additional_certs)]
    keys = ([parsed.key] if parsed.key is not None else []) + private_keys(p12, password)
    return [(k, c) for k in keys if isinstance(k, rsa.RSAPrivateKey) for c in certs if _same_key(k, c)]


def read_p12(p12: bytes, password: str) -> SigningCertificate:
    """The signing pair of the file; WrongPassword or NoSigningCertificate otherwise."""
    pairs = [(key, cert) for key, cert in key_pairs(p12, password) if signing_usage(cert)]
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
