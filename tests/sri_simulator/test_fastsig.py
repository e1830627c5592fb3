"""fastsig: the quick check accepts the usual valid signatures and nothing signxml would refuse;
the verdict of signature_error is signxml's for every case."""
from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from lxml import etree
from signxml import XMLVerifier

from services.sri_simulator import fastsig
from services.sri_simulator.signature import CONFIG, DS, signature_error, signing_certificate
from tests.sri_simulator.docs import Factura
from tests.sri_simulator.signing import Credentials, make_credentials, sign_plain_sha256, sign_xades

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def creds() -> Credentials:
    return make_credentials()


def expired(creds: Credentials) -> Credentials:
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(creds.cert.subject).issuer_name(creds.cert.issuer)
            .public_key(creds.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now - dt.timedelta(days=1))
            .sign(creds.key, hashes.SHA256()))
    return Credentials(creds.key, cert)


def verdicts(data: bytes) -> tuple[bool, bool, str | None]:
    """(fastsig says valid, signxml alone says valid, signature_error's answer)."""
    root = etree.fromstring(data)
    [signature] = root.findall(f"{DS}Signature")
    cert = signing_certificate(signature)
    try:
        XMLVerifier().verify(data, x509_cert=cert, expect_config=CONFIG)
        by_signxml = True
    except Exception:  # noqa: BLE001 - any refusal
        by_signxml = False
    return fastsig.verifies(root, signature, cert), by_signxml, signature_error(root, data)


@pytest.mark.parametrize("sign", [sign_xades, lambda root, c: sign_xades(root, c, sha256=True), sign_plain_sha256])
def test_valid_signatures_take_the_quick_path(creds, sign):
    assert verdicts(sign(Factura().build(), creds)) == (True, True, None)


def tampered_content(data: bytes) -> bytes:
    return data.replace(b"JUAN PEREZ", b"JUAN PEREA")


def tampered_signed_info(data: bytes) -> bytes:
    return data.replace(b"#comprobante", b"#comprobante ", 1)


def other_key_value(data: bytes) -> bytes:
    root = etree.fromstring(data)
    modulus = root.find(f"{DS}Signature/{DS}KeyInfo/{DS}KeyValue/{DS}RSAKeyValue/{DS}Modulus")
    modulus.text = "AQAB"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("spoil", [tampered_content, tampered_signed_info, other_key_value])
def test_spoiled_signatures_are_left_to_signxml_and_refused(creds, spoil):
    fast, by_signxml, error = verdicts(spoil(sign_xades(Factura().build(), creds)))
    assert (fast, by_signxml) == (False, False) and error


def test_an_expired_certificate_is_left_to_signxml(creds):
    fast, by_signxml, error = verdicts(sign_xades(Factura().build(), expired(creds)))
    assert (fast, by_signxml) == (False, False) and "expired" in error
