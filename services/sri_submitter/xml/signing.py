"""XAdES-BES enveloped signature of SRI documents (SRI.md §5) with signxml 5.2.0.

`SriXadesSigner` subclasses `signxml.xades.XAdESSigner` to produce what the SRI accepts:
- inclusive C14N 1.0; RSA-SHA1 with SHA-1 digests by default (SHA-1 is refused by
  signxml unless `check_deprecated_methods` is overridden), RSA-SHA256 selectable;
- three references: `#comprobante` (the root's lowercase `id`, only the enveloped
  transform, with the Id that DataObjectFormat points to), SignedProperties (with its
  Type) and KeyInfo (with its Id);
- KeyInfo = X509Data/X509Certificate (one line of base64), then KeyValue/RSAKeyValue;
- SignedProperties: SigningTime at -05:00, SigningCertificate v1 only (CertDigest +
  IssuerSerial, no SigningCertificateV2), DataObjectFormat "contenido comprobante"
  text/xml;
- ds:Signature appended as the last child of the root. The returned bytes are final:
  never pretty-print or re-indent them.
"""
from __future__ import annotations

from base64 import b64encode
from collections.abc import Callable
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from lxml.etree import SubElement
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.util import ds_tag, xades_tag
from signxml.xades import XAdESDataObjectFormat, XAdESSignatureConfiguration, XAdESSigner, XAdESVerifier

from services.sri_submitter.certificates.info import name_text
from services.sri_submitter.xml.validator import safe_parser
from shared.sri.timezone import ECUADOR, now_ec

ALGORITHMS = {"sha1": (SignatureMethod.RSA_SHA1, DigestAlgorithm.SHA1),
              "sha256": (SignatureMethod.RSA_SHA256, DigestAlgorithm.SHA256)}
C14N_1_0 = CanonicalizationMethod.CANONICAL_XML_1_0  # http://www.w3.org/TR/2001/REC-xml-c14n-20010315
DATA_OBJECT_FORMAT = XAdESDataObjectFormat(Description="contenido comprobante", MimeType="text/xml")


class SriXadesSigner(XAdESSigner):
    """One signer per document (signxml keeps the Ids it handed out in the instance)."""

    def __init__(self, algorithm: str = "sha1", clock: Callable[[], datetime] | None = None):
        if algorithm not in ALGORITHMS:
            raise ValueError(f"unknown signature algorithm {algorithm!r}; use one of {sorted(ALGORITHMS)}")
        signature_method, digest = ALGORITHMS[algorithm]
        self._clock = clock or now_ec
        super().__init__(signature_algorithm=signature_method, digest_algorithm=digest, c14n_algorithm=C14N_1_0,
                         data_object_format=DATA_OBJECT_FORMAT)

    def check_deprecated_methods(self) -> None:
        """Allow SHA-1: it is what the SRI is known to accept (SRI.md §5)."""

    def _add_key_info(self, sig_root, signing_settings) -> None:
        """X509Data first, then KeyValue, as in the FT's example (signxml writes the reverse);
        the certificate's base64 on one line."""
        super()._add_key_info(sig_root, signing_settings)
        key_info = self._find(sig_root, "KeyInfo")
        for cert in self._findall(key_info, "X509Data/ds:X509Certificate"):
            cert.text = "".join(cert.text.split())
        key_value = self._find(key_info, "KeyValue")
        key_info.remove(key_value)
        key_info.append(key_value)

    def add_signing_time(self, signed_signature_properties, sig_root, signing_settings) -> None:
        node = SubElement(signed_signature_properties, xades_tag("SigningTime"), nsmap=self.namespaces)
        node.text = self._clock().astimezone(ECUADOR).isoformat(timespec="seconds")

    def add_signing_certificate(self, signed_signature_properties, sig_root, signing_settings) -> None:
        """SigningCertificate v1: CertDigest and IssuerSerial of the signing certificate only."""
        cert = signing_settings.cert_chain[0]
        ns = self.namespaces
        cert_node = SubElement(SubElement(signed_signature_properties, xades_tag("SigningCertificate"), nsmap=ns),
                               xades_tag("Cert"), nsmap=ns)
        digest = SubElement(cert_node, xades_tag("CertDigest"), nsmap=ns)
        SubElement(digest, ds_tag("DigestMethod"), nsmap=ns, Algorithm=self.digest_alg.value)
        value = self._get_digest(cert.public_bytes(Encoding.DER), algorithm=self.digest_alg)
        SubElement(digest, ds_tag("DigestValue"), nsmap=ns).text = b64encode(value).decode()
        issuer_serial = SubElement(cert_node, xades_tag("IssuerSerial"), nsmap=ns)
        SubElement(issuer_serial, ds_tag("X509IssuerName"), nsmap=ns).text = name_text(cert.issuer)
        SubElement(issuer_serial, ds_tag("X509SerialNumber"), nsmap=ns).text = str(cert.serial_number)


def sign(document: etree._Element | bytes, key: rsa.RSAPrivateKey, certificate: x509.Certificate, *,
         algorithm: str = "sha1", clock: Callable[[], datetime] | None = None) -> bytes:
    """The signed document as UTF-8 bytes (the input element is not modified)."""
    root = etree.fromstring(document, safe_parser()) if isinstance(document, bytes) else document
    signed = SriXadesSigner(algorithm, clock).sign(
        root, key=key, cert=[certificate], reference_uri="#comprobante", id_attribute="id",
        exclude_c14n_transform_element=True)
    return etree.tostring(signed, encoding="UTF-8", xml_declaration=True)


def verify(signed: bytes, certificate: x509.Certificate) -> list:
    """Check the signature with signxml (SHA-1 or SHA-256), trusting `certificate`; raises on failure."""
    config = XAdESSignatureConfiguration(
        signature_methods=frozenset(method for method, _ in ALGORITHMS.values()),
        digest_algorithms=frozenset(digest for _, digest in ALGORITHMS.values()))
    return XAdESVerifier().verify(signed, x509_cert=certificate, expect_config=config)
