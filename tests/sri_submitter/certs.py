"""Test-only certificate files: a .p12 with two key pairs (encryption first, then signing), as
some Ecuadorian CAs issue them.

`cryptography` writes one key per file, so `merge` joins the SafeContents of several files
into one PFX (asn1crypto) with a fresh HMAC-SHA256 integrity check. Its key derivation is
the PKCS#12 KDF (RFC 7292 appendix B.2), which no library exposes.
"""
from __future__ import annotations

import hashlib
import hmac
import os

from asn1crypto import pkcs12 as asn1_pkcs12

from services.sri_submitter.certificates.devcert import make_certificate, new_key, to_p12

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
    block = _fill(salt, v) + _fill(password.encode("utf-16-be") + b"\0\0", v)
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


def merge(files: list[bytes], password: str) -> bytes:
    """One PFX holding every SafeContents of `files` (all encrypted with `password`), in order."""
    infos = [info for p12 in files for info in asn1_pkcs12.Pfx.load(p12).authenticated_safe]
    auth_safe = asn1_pkcs12.AuthenticatedSafe(infos).dump()
    salt = os.urandom(16)
    mac = hmac.new(pkcs12_kdf(password, salt, 3, MAC_ITERATIONS, 32), auth_safe, hashlib.sha256).digest()
    return asn1_pkcs12.Pfx({
        "version": "v3", "auth_safe": {"content_type": "data", "content": auth_safe},
        "mac_data": {"mac": {"digest_algorithm": {"algorithm": "sha256"}, "digest": mac}, "mac_salt": salt,
                     "iterations": MAC_ITERATIONS}}).dump()


def generate_two_key_p12(ruc: str, password: str) -> bytes:
    """An encryption key pair first, then the signing pair, in one file."""
    files = []
    for usage in ("encryption", "signing"):
        key = new_key()
        files.append(to_p12(key, make_certificate(key, ruc, usage=usage), password))
    return merge(files, password)
