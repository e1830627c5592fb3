"""Assembling PKCS#12 files from parts (used by the development certificates).

`cryptography` writes one key per file; `merge` joins the contents of several files
into one PFX with a fresh HMAC-SHA256 integrity check (RFC 7292 §5 and appendix B),
which is how a two-key-pair file like some Ecuadorian CAs issue is produced for tests.
"""
from __future__ import annotations

import hashlib
import hmac
import os

from services.sri_submitter import der

DATA = der.oid("1.2.840.113549.1.7.1")
SHA256 = der.oid("2.16.840.1.101.3.4.2.1")
MAC_ITERATIONS = 2048


def _fill(data: bytes, v: int) -> bytes:
    """`data` repeated to fill whole blocks of v bytes (RFC 7292 B.2 steps 2-3)."""
    if not data:
        return b""
    length = v * ((len(data) + v - 1) // v)
    return (data * (length // len(data) + 1))[:length]


def pkcs12_kdf(password: str, salt: bytes, purpose: int, iterations: int, size: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-256 (u = 32, v = 64); purpose 3 derives MAC keys."""
    v = 64
    secret = password.encode("utf-16-be") + b"\0\0"
    block = _fill(salt, v) + _fill(secret, v)
    out = b""
    while len(out) < size:
        digest = hashlib.sha256(bytes([purpose]) * v + block).digest()
        for _ in range(iterations - 1):
            digest = hashlib.sha256(digest).digest()
        out += digest
        increment = int.from_bytes((digest * (v // len(digest) + 1))[:v], "big") + 1
        block = b"".join(((int.from_bytes(block[i:i + v], "big") + increment) % (1 << (8 * v))).to_bytes(v, "big")
                         for i in range(0, len(block), v))
    return out[:size]


def mac_data(auth_safe: bytes, password: str) -> bytes:
    salt = os.urandom(16)
    key = pkcs12_kdf(password, salt, 3, MAC_ITERATIONS, 32)
    digest = hmac.new(key, auth_safe, hashlib.sha256).digest()
    algorithm = der.sequence(SHA256, der.encode(der.NULL, b""))
    return der.sequence(der.sequence(algorithm, der.encode(der.OCTET_STRING, digest)),
                        der.encode(der.OCTET_STRING, salt), der.integer(MAC_ITERATIONS))


def content_infos(p12: bytes) -> list[bytes]:
    """The raw ContentInfo elements of a PFX's AuthenticatedSafe."""
    _version, auth_safe, *_ = der.children(p12, der.read(p12))
    octets = der.content(p12, der.children(p12, der.children(p12, auth_safe)[1])[0])
    return [der.raw(octets, info) for info in der.children(octets, der.read(octets))]


def merge(files: list[bytes], password: str) -> bytes:
    """One PFX holding every bag of `files` (all encrypted with `password`), in order."""
    auth_safe = der.sequence(*(info for p12 in files for info in content_infos(p12)))
    wrapped = der.sequence(DATA, der.encode(der.EXPLICIT_0, der.encode(der.OCTET_STRING, auth_safe)))
    return der.sequence(der.integer(3), wrapped, mac_data(auth_safe, password))
