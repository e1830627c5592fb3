"""A quick check of the usual signature shape, so only the unusual ones pay for signxml.

signxml's XMLVerifier re-parses the whole comprobante about a dozen times per signature (a copy
per reference, a copy per transform): ~4 ms of the simulator's ~5 ms per document. `verifies`
does the same checks the same way on the shape SRI documents use (inclusive C14N 1.0, RSA-SHA1 or
RSA-SHA256, references by Id to the root with the enveloped-signature transform and to elements
of the signature), parsing each referenced subtree once. It only ever says "valid": any other
shape, and any failure, answers False, and signature.py then asks signxml, whose verdict and
message stand. So it accepts nothing signxml would refuse for these checks: the xmldsig schema,
the certificate's dates, KeyValue against the certificate, the RSA signature over the
canonical SignedInfo as it was verified, and every reference's digest.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime, timezone

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree
from signxml.processor import XMLSignatureProcessor

DS = "http://www.w3.org/2000/09/xmldsig#"
C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_11 = "http://www.w3.org/2006/12/xml-c14n11"
ENVELOPED = DS + "enveloped-signature"
METHODS = {DS + "rsa-sha1": hashes.SHA1(), "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256()}
DIGESTS = {DS + "sha1": "sha1", "http://www.w3.org/2001/04/xmlenc#sha256": "sha256"}
ID_ATTRIBUTES = ("Id", "ID", "id")  # signxml's order ("xml:id" never matches its own query)
_PARSER = etree.XMLParser(resolve_entities=False)


class Unsure(Exception):
    """Not the usual shape, or not valid: signxml decides."""


def _copy(node: etree._Element) -> etree._Element:
    """A detached copy that keeps the namespaces in scope (signxml's own way: serialise, parse)."""
    return etree.fromstring(etree.tostring(node), _PARSER)


def _c14n(node: etree._Element) -> bytes:
    return etree.tostring(node, method="c14n", exclusive=False, with_comments=False)


def _one(parent: etree._Element, path: str) -> etree._Element:
    found = parent.findall(path, {"ds": DS})
    if len(found) != 1:
        raise Unsure(path)
    return found[0]


def _long(parent: etree._Element, path: str) -> int:
    return int.from_bytes(base64.b64decode(_one(parent, path).text or ""), "big")


class Ids:
    """Elements by their Id / ID / id attribute (any namespace), from one pass over the document;
    resolved like signxml: the first of those names that matches decides, two matches are ambiguous."""

    def __init__(self, root: etree._Element):
        self.found: dict[tuple[str, str], list[etree._Element]] = {}
        for el in root.iter(etree.Element):
            for name, value in el.attrib.items():
                local = name.rpartition("}")[2]
                if local in ID_ATTRIBUTES:
                    self.found.setdefault((local, value), []).append(el)

    def __call__(self, uri: str | None) -> etree._Element:
        if not uri or not uri.startswith("#") or uri.startswith("#xpointer("):
            raise Unsure(f"reference {uri!r}")
        for name in ID_ATTRIBUTES:
            found = self.found.get((name, uri[1:]), [])
            if len(found) > 1:
                raise Unsure(f"ambiguous {uri}")
            if found:
                return found[0]
        raise Unsure(f"unresolved {uri}")


def _without(node: etree._Element, signature: etree._Element) -> etree._Element:
    """A copy of `node` without the signature (enveloped-signature), its tail text kept as signxml does."""
    steps, at = [], signature
    while at is not node:
        parent = at.getparent()
        if parent is None:
            raise Unsure("enveloped signature outside the reference")
        steps.append(parent.index(at))
        at = parent
    copy = sig = _copy(node)
    for step in reversed(steps):
        sig = sig[step]
    parent = sig.getparent()
    if sig.tail is not None:
        before = sig.getprevious()
        if before is None:
            parent.text = (parent.text or "") + sig.tail
        else:
            before.tail = (before.tail or "") + sig.tail
    parent.remove(sig)
    return copy


def _digest_ok(ids: Ids, signature: etree._Element, reference: etree._Element) -> bool:
    transforms = [t.get("Algorithm") for t in reference.findall("ds:Transforms/ds:Transform", {"ds": DS})]
    if any(t not in (ENVELOPED, C14N_10) for t in transforms):
        raise Unsure(f"transforms {transforms}")
    digest = DIGESTS.get(_one(reference, "ds:DigestMethod").get("Algorithm"))
    if digest is None:
        raise Unsure("digest method")
    target = ids(reference.get("URI"))
    payload = _without(target, signature) if ENVELOPED in transforms else _copy(target)
    expected = base64.b64decode(_one(reference, "ds:DigestValue").text or "")
    return hashlib.new(digest, _c14n(payload)).digest() == expected


def _schema() -> etree.XMLSchema:
    return XMLSignatureProcessor.schemas()[0]


def verifies(root: etree._Element, signature: etree._Element, cert: x509.Certificate,
             now: datetime | None = None) -> bool:
    """True when the signature is valid by the checks above; False means "ask signxml"."""
    try:
        return _verifies(root, signature, cert, now or datetime.now(timezone.utc))
    except (Unsure, ValueError, TypeError, binascii.Error, etree.LxmlError, InvalidSignature):
        return False


def _verifies(root: etree._Element, signature: etree._Element, cert: x509.Certificate, now: datetime) -> bool:
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or next(root.iter(etree.Entity), None) is not None:
        return False  # signxml refuses DTDs and entities
    copy = _copy(signature)
    if not _schema().validate(copy):
        return False
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return False
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    signed_info = _one(copy, "ds:SignedInfo")
    if _one(signed_info, "ds:CanonicalizationMethod").get("Algorithm") != C14N_10:
        return False
    method = METHODS.get(_one(signed_info, "ds:SignatureMethod").get("Algorithm"))
    if method is None:
        return False
    for key_value in copy.findall("ds:KeyInfo/ds:KeyValue", {"ds": DS}):
        numbers = key.public_numbers()
        if (_long(key_value, "ds:RSAKeyValue/ds:Modulus"), _long(key_value, "ds:RSAKeyValue/ds:Exponent")) != \
                (numbers.n, numbers.e):
            return False
    canonical = _c14n(signed_info)
    key.verify(base64.b64decode(_one(copy, "ds:SignatureValue").text or ""), canonical, padding.PKCS1v15(), method)
    references = etree.fromstring(canonical, _PARSER).findall("ds:Reference", {"ds": DS})
    ids = Ids(root)
    if not references or not all(_digest_ok(ids, signature, r) for r in references):
        return False
    return any(ids(r.get("URI")) is root and ENVELOPED in
               [t.get("Algorithm") for t in r.findall("ds:Transforms/ds:Transform", {"ds": DS})] for r in references)
