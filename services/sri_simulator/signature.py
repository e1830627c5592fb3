"""Signature check (error 39): enveloped XML-DSig/XAdES with RSA-SHA1 or RSA-SHA256.

The certificate comes from the signature's own KeyInfo; there is no chain of trust to check
here (the real SRI also checks the issuer and OCSP, which a simulator cannot). The usual shape
is checked by fastsig.py; signxml decides (and explains) everything else.
"""
from __future__ import annotations

import base64
import binascii

from cryptography import x509
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier
from signxml.exceptions import SignXMLException

from services.sri_simulator import fastsig

DS = "{http://www.w3.org/2000/09/xmldsig#}"
CONFIG = SignatureConfiguration(
    expect_references=True,
    signature_methods=frozenset({SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA1, DigestAlgorithm.SHA256}),
)


def signing_certificate(signature: etree._Element) -> x509.Certificate:
    text = signature.findtext(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")
    if not text:
        raise ValueError("la firma no contiene el certificado (X509Certificate)")
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join(text.split())))
    except (ValueError, binascii.Error):
        raise ValueError("el certificado de la firma no es valido") from None


def _is_signing_certificate(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature


def signature_error(root: etree._Element, data: bytes) -> str | None:
    """Why the document's signature is invalid, or None when it verifies."""
    signatures = root.findall(f"{DS}Signature")
    if len(signatures) != 1:
        return "el comprobante debe tener exactamente una firma (ds:Signature)"
    try:
        cert = signing_certificate(signatures[0])
        if not _is_signing_certificate(cert):
            return "el certificado utilizado no es del tipo firma digital"
        if fastsig.verifies(root, signatures[0], cert):  # the usual shape, valid: no need for signxml
            return None
        results = XMLVerifier().verify(data, x509_cert=cert, expect_config=CONFIG)
    except (ValueError, SignXMLException) as exc:
        return str(exc) or type(exc).__name__
    results = results if isinstance(results, list) else [results]
    root_id = root.get("id")
    if not any(r.signed_xml is not None and r.signed_xml.tag == root.tag
               and r.signed_xml.get("id") == root_id for r in results):
        return "la firma no cubre el comprobante (#comprobante)"
    return None
