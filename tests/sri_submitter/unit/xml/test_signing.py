"""XAdES-BES signatures: every document of the table, verified by signxml and by xmlsec1."""
from __future__ import annotations

from base64 import b64decode
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives.hashes import SHA1
from lxml import etree
from signxml.exceptions import InvalidSignature

from services.sri_submitter.xml import signing
from services.sri_submitter.xml import build_validated, to_bytes
from tests.sri_submitter.cases import CASES
from tests.sri_submitter.unit.xml.test_documents import key_for

pytestmark = pytest.mark.unit

DS = "{http://www.w3.org/2000/09/xmldsig#}"
XADES = "{http://uri.etsi.org/01903/v1.3.2#}"
ROOTS = {"credit_note": "notaCredito", "debit_note": "notaDebito"}


def signed_case(name: str, validator, cert, algorithm: str = "sha1") -> bytes:
    doc = CASES[name]()
    root = build_validated(doc, key_for(doc), validator)  # XSD before signing
    return signing.sign(root, cert.key, cert.certificate, algorithm=algorithm)


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_every_document_validates_and_its_signature_verifies_with_signxml_and_xmlsec1(
        name, algorithm, validator, signing_cert, xmlsec_verify):
    signed = signed_case(name, validator, signing_cert, algorithm)
    root = etree.fromstring(signed)
    method = root.find(f"{DS}Signature/{DS}SignedInfo/{DS}SignatureMethod").get("Algorithm")
    assert method.endswith(f"rsa-{algorithm}")
    digests = {d.get("Algorithm") for d in root.iter(f"{DS}DigestMethod")}
    assert len(digests) == 1 and digests.pop().endswith(algorithm)  # references and CertDigest alike
    unsigned = etree.fromstring(signed)
    unsigned.remove(unsigned[-1])  # the XSDs do not declare ds:Signature
    validator.validate(unsigned)  # the signed document is still the one the XSD accepted
    assert len(signing.verify(signed, signing_cert.certificate)) == 3
    ok, output = xmlsec_verify(signed, ROOTS.get(name, "factura"), f"{name}-{algorithm}")
    assert ok, output
    assert "SignedInfo References (ok/all): 3/3" in output, output


def test_structure_matches_the_ficha_tecnica(validator, signing_cert):
    root = etree.fromstring(signed_case("cedula", validator, signing_cert))
    signature = root[-1]
    assert signature.tag == f"{DS}Signature" and signature.get("Id")
    info = signature.find(f"{DS}SignedInfo")
    assert info.find(f"{DS}CanonicalizationMethod").get("Algorithm") == \
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    assert info.find(f"{DS}SignatureMethod").get("Algorithm") == "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    refs = info.findall(f"{DS}Reference")
    assert {r.find(f"{DS}DigestMethod").get("Algorithm") for r in refs} == {"http://www.w3.org/2000/09/xmldsig#sha1"}
    comprobante = [r for r in refs if r.get("URI") == "#comprobante"]
    assert len(comprobante) == 1 and comprobante[0].get("Id")
    transforms = [t.get("Algorithm") for t in comprobante[0].iter(f"{DS}Transform")]
    assert transforms == ["http://www.w3.org/2000/09/xmldsig#enveloped-signature"]
    key_info = signature.find(f"{DS}KeyInfo")
    assert [c.tag for c in key_info] == [f"{DS}X509Data", f"{DS}KeyValue"]
    assert key_info.find(f"{DS}KeyValue/{DS}RSAKeyValue/{DS}Modulus") is not None
    props = signature.find(f"{DS}Object/{XADES}QualifyingProperties/{XADES}SignedProperties")
    by_uri = {r.get("URI"): r for r in refs}
    assert by_uri[f"#{props.get('Id')}"].get("Type") == "http://uri.etsi.org/01903#SignedProperties"
    assert f"#{key_info.get('Id')}" in by_uri
    data_format = props.find(f".//{XADES}DataObjectFormat")
    assert data_format.get("ObjectReference") == f"#{comprobante[0].get('Id')}"
    assert data_format.findtext(f"{XADES}Description") == "contenido comprobante"
    assert data_format.findtext(f"{XADES}MimeType") == "text/xml"


def test_signing_certificate_v1_with_issuer_serial_and_local_signing_time(validator, signing_cert):
    clock = lambda: datetime(2025, 1, 15, 15, 30, tzinfo=timezone.utc)  # noqa: E731
    doc = CASES["ruc"]()
    signed = signing.sign(build_validated(doc, key_for(doc), validator), signing_cert.key,
                          signing_cert.certificate, clock=clock)
    props = etree.fromstring(signed).find(f".//{XADES}SignedSignatureProperties")
    assert props.findtext(f"{XADES}SigningTime") == "2025-01-15T10:30:00-05:00"
    assert props.find(f"{XADES}SigningCertificateV2") is None
    cert = props.find(f"{XADES}SigningCertificate/{XADES}Cert")
    digest = b64decode(cert.findtext(f"{XADES}CertDigest/{DS}DigestValue"))
    assert digest == signing_cert.certificate.fingerprint(SHA1())
    serial = cert.find(f"{XADES}IssuerSerial")
    assert serial.findtext(f"{DS}X509SerialNumber") == str(signing_cert.certificate.serial_number)
    assert serial.findtext(f"{DS}X509IssuerName").startswith("SERIALNUMBER=1792146739001,CN=EMPRESA DEMO")


def test_signed_bytes_survive_a_parse_and_serialize_round_trip(validator, signing_cert):
    signed = signed_case("credit_note", validator, signing_cert)
    copy = bytes(signed)
    signing.verify(signed, signing_cert.certificate)
    assert signed == copy
    again = to_bytes(etree.fromstring(signed))
    assert again == signed
    assert len(signing.verify(again, signing_cert.certificate)) == 3


def test_a_changed_amount_breaks_the_signature(validator, signing_cert, xmlsec_verify):
    signed = signed_case("cedula", validator, signing_cert)
    tampered = signed.replace(b"<importeTotal>7.25<", b"<importeTotal>7.26<")
    assert tampered != signed
    with pytest.raises(InvalidSignature):
        signing.verify(tampered, signing_cert.certificate)
    assert not xmlsec_verify(tampered, "factura", "tampered")[0]


def test_the_input_is_not_modified_and_bytes_are_accepted(validator, signing_cert):
    doc = CASES["cedula"]()
    root = build_validated(doc, key_for(doc), validator)
    before = to_bytes(root)
    signed = signing.sign(before, signing_cert.key, signing_cert.certificate)
    assert to_bytes(root) == before
    assert len(signing.verify(signed, signing_cert.certificate)) == 3
    unsigned = etree.fromstring(signed)
    unsigned.remove(unsigned[-1])
    assert to_bytes(unsigned) == before  # the signature only appended itself


def test_unknown_algorithm_is_refused():
    with pytest.raises(ValueError, match="sha1"):
        signing.SriXadesSigner("md5")
