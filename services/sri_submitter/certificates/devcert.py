"""Self-signed RSA-2048 certificates as .p12 files, for tests and the demo company.

`generate_p12("1792146739001", password="demo")` gives a file shaped like an Ecuadorian
signing certificate: the RUC in extension 1.3.6.1.4.1.37746.3.11 and in the subject
serialNumber, KeyUsage digitalSignature + nonRepudiation. Never for production use.

    python -m services.sri_submitter.certificates.devcert --ruc 1792146739001 --password demo --out demo.p12
"""
from __future__ import annotations

import argparse
from datetime import datetime, timedelta, timezone
from pathlib import Path

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, PrivateFormat, pkcs12

from services.sri_submitter.certificates.info import RUC_OID

USAGES = {
    "signing": dict(digital_signature=True, content_commitment=True, key_encipherment=False),
    "encryption": dict(digital_signature=False, content_commitment=False, key_encipherment=True),
}


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(ruc: str, common_name: str, with_serial: bool) -> x509.Name:
    attrs = [x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "EC"),
             x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "PRUEBAS EINVOICE EC"),
             x509.NameAttribute(x509.NameOID.ORGANIZATIONAL_UNIT_NAME, "CERTIFICADO DE DESARROLLO"),
             x509.NameAttribute(x509.NameOID.COMMON_NAME, common_name)]
    if with_serial:
        attrs.append(x509.NameAttribute(x509.NameOID.SERIAL_NUMBER, ruc))
    return x509.Name(attrs)


def make_certificate(key: rsa.RSAPrivateKey, ruc: str, *, common_name: str = "EMPRESA DEMO", usage: str = "signing",
                     ruc_in: str = "both", not_before: datetime | None = None, days: int = 365) -> x509.Certificate:
    """Self-signed; `ruc_in` is "extension", "serial_number", "both" or "none"."""
    start = not_before or datetime.now(timezone.utc) - timedelta(minutes=5)
    name = _name(ruc, common_name, ruc_in in ("serial_number", "both"))
    flags = dict(data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                 encipher_only=False, decipher_only=False, **USAGES[usage])
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start)
               .not_valid_after(start + timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(**flags), critical=True))
    if ruc_in in ("extension", "both"):
        value = core.UTF8String(ruc).dump()  # as the Ecuadorian CAs write it
        builder = builder.add_extension(x509.UnrecognizedExtension(RUC_OID, value), critical=False)
    return builder.sign(key, hashes.SHA256())


def to_p12(key: rsa.RSAPrivateKey, cert: x509.Certificate, password: str, *, legacy: bool = False) -> bytes:
    """AES-256 + SHA-256 by default; `legacy` = 3DES + SHA-1 MAC, as older CA files."""
    if legacy:
        encryption = (PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
                      .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
                      .hmac_hash(hashes.SHA1()).build(password.encode()))
    else:
        encryption = BestAvailableEncryption(password.encode())
    return pkcs12.serialize_key_and_certificates(b"Signing Key", key, cert, None, encryption)


def generate_p12(ruc: str, password: str, *, legacy: bool = False, **cert_options) -> bytes:
    """A fresh key and self-signed certificate for `ruc`, as .p12 bytes."""
    key = new_key()
    return to_p12(key, make_certificate(key, ruc, **cert_options), password, legacy=legacy)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a self-signed development .p12 for a RUC.")
    parser.add_argument("--ruc", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args(argv)
    args.out.write_bytes(generate_p12(args.ruc, args.password, days=args.days))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
