"""Test signatures: a self-signed RSA-2048 certificate, XAdES-BES (SRI.md section 5) or plain XML-DSig."""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner
from signxml.util import ds_tag, xades_tag
from signxml.xades import XAdESDataObjectFormat, XAdESSigner

C14N_10 = CanonicalizationMethod.CANONICAL_XML_1_0


@dataclass(frozen=True)
class Credentials:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def cert_pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def make_credentials(ruc: str = "1792146739001", digital_signature: bool = True) -> Credentials:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "EC"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PRUEBAS SIMULADOR"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"EMISOR {ruc}")])
    now = dt.datetime.now(dt.timezone.utc)
    usage = x509.KeyUsage(digital_signature=digital_signature, content_commitment=True,
                          key_encipherment=not digital_signature, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365)).add_extension(usage, critical=True)
            .sign(key, hashes.SHA256()))
    return Credentials(key, cert)


class SriXAdESSigner(XAdESSigner):
    """signxml's XAdES signer with the SRI's choices: SHA-1 allowed, SigningCertificate v1."""

    def check_deprecated_methods(self):
        pass

    def add_signing_certificate(self, signed_signature_properties, sig_root, signing_settings):
        cert = signing_settings.cert_chain[0]
        der = cert.public_bytes(serialization.Encoding.DER)
        ns = self.namespaces
        cert_el = etree.SubElement(etree.SubElement(signed_signature_properties, xades_tag("SigningCertificate"),
                                                    nsmap=ns), xades_tag("Cert"), nsmap=ns)
        digest = etree.SubElement(cert_el, xades_tag("CertDigest"), nsmap=ns)
        etree.SubElement(digest, ds_tag("DigestMethod"), nsmap=ns, Algorithm=DigestAlgorithm.SHA1.value)
        etree.SubElement(digest, ds_tag("DigestValue"), nsmap=ns).text = base64.b64encode(
            self._get_digest(der, algorithm=DigestAlgorithm.SHA1)).decode()
        serial = etree.SubElement(cert_el, xades_tag("IssuerSerial"), nsmap=ns)
        etree.SubElement(serial, ds_tag("X509IssuerName"), nsmap=ns).text = cert.issuer.rfc4514_string()
        etree.SubElement(serial, ds_tag("X509SerialNumber"), nsmap=ns).text = str(cert.serial_number)


def sign_xades(root: etree._Element, creds: Credentials, sha256: bool = False) -> bytes:
    """XAdES-BES enveloped, C14N 1.0, three references; RSA-SHA1/SHA-1 unless sha256."""
    signer = SriXAdESSigner(
        signature_algorithm=SignatureMethod.RSA_SHA256 if sha256 else SignatureMethod.RSA_SHA1,
        digest_algorithm=DigestAlgorithm.SHA256 if sha256 else DigestAlgorithm.SHA1,
        c14n_algorithm=C14N_10,
        data_object_format=XAdESDataObjectFormat(Description="contenido comprobante", MimeType="text/xml"))
    signed = signer.sign(root, key=creds.key, cert=[creds.cert], reference_uri="#comprobante",
                         id_attribute="id", exclude_c14n_transform_element=True)
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


def sign_plain_sha256(root: etree._Element, creds: Credentials) -> bytes:
    """Plain enveloped XML-DSig, RSA-SHA256, one reference to #comprobante."""
    signer = XMLSigner(c14n_algorithm=C14N_10)
    signed = signer.sign(root, key=creds.key, cert=[creds.cert], reference_uri="#comprobante",
                         id_attribute="id", exclude_c14n_transform_element=True)
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
