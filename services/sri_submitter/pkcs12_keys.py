"""Every private key of a PKCS#12 file, not only the first one.

`cryptography`'s `load_pkcs12` (OpenSSL's PKCS12_parse) keeps the first key and its
certificate. Ecuadorian .p12 files may hold two key pairs (signing and encryption),
so this walks the unencrypted SafeContents for the other key bags and decrypts each
shrouded one (they are encrypted PKCS#8 under the file's password).
"""
from __future__ import annotations

from cryptography.hazmat.primitives.serialization import load_der_private_key

from services.sri_submitter import der

DATA = der.oid("1.2.840.113549.1.7.1")
KEY_BAG = der.oid("1.2.840.113549.1.12.10.1.1")
SHROUDED_KEY_BAG = der.oid("1.2.840.113549.1.12.10.1.2")


def _wrapped(data: bytes, content_info: der.Tlv) -> bytes | None:
    """The OCTET STRING inside a `data` ContentInfo; None for other content types."""
    oid_el, *rest = der.children(data, content_info)
    if der.raw(data, oid_el) != DATA or not rest:
        return None
    return der.content(data, der.children(data, rest[0])[0])


def _bags(p12: bytes) -> list[tuple[bytes, bytes]]:
    """(bag OID element, bag value element) of every bag in a plain `data` SafeContents."""
    _version, auth_safe, *_ = der.children(p12, der.read(p12))
    octets = _wrapped(p12, auth_safe)
    if octets is None:
        return []  # public-key integrity mode: not used by CAs for .p12 files
    out = []
    for info in der.children(octets, der.read(octets)):
        contents = _wrapped(octets, info)
        for bag in der.children(contents, der.read(contents)) if contents else []:
            bag_id, value, *_ = der.children(contents, bag)
            out.append((der.raw(contents, bag_id), der.raw(contents, der.children(contents, value)[0])))
    return out


def private_keys(p12: bytes, password: str) -> list:
    """All keys that decrypt with `password`; [] when the file cannot be walked."""
    try:
        bags = _bags(p12)
    except (ValueError, IndexError):
        return []
    keys = []
    for bag_id, value in bags:
        if bag_id not in (KEY_BAG, SHROUDED_KEY_BAG):
            continue
        try:
            secret = password.encode() if bag_id == SHROUDED_KEY_BAG else None
            keys.append(load_der_private_key(value, password=secret))
        except (ValueError, TypeError):
            continue
    return keys
