"""Encryption at rest of small secrets a service must read back (AES-256-GCM).

Used for the companies' signing certificates (sri_submitter) and webhook signing secrets
(renderer_mailer), both with the service setting SECRETS_KEY. The key is derived with
HKDF-SHA256 from that secret, a random salt stored in the blob and `info` (one per kind of
secret, so a blob of one kind never opens as another); `context` (e.g. the company id) is
bound as associated data, so a blob copied to another row does not open.
Layout: `version (1) | salt (16) | nonce (12) | AES-GCM(plain)`.
"""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = b"\x01"
_HEADER = 1 + 16 + 12
_TAG = 16


class SealError(ValueError):
    """The blob does not open: another secret, another context, or altered."""


def _key(secret: str | bytes, salt: bytes, info: bytes) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(material)


def seal(plain: bytes, secret: str | bytes, *, info: bytes, context: bytes = b"") -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    return VERSION + salt + nonce + AESGCM(_key(secret, salt, info)).encrypt(nonce, plain, VERSION + context)


def unseal(blob: bytes, secret: str | bytes, *, info: bytes, context: bytes = b"") -> bytes:
    """The sealed bytes; raises SealError."""
    if len(blob) < _HEADER + _TAG or blob[:1] != VERSION:
        raise SealError("not a sealed blob")
    salt, nonce, body = blob[1:17], blob[17:29], blob[29:]
    try:
        return AESGCM(_key(secret, salt, info)).decrypt(nonce, body, VERSION + context)
    except InvalidTag:
        raise SealError("the blob does not open with this secret and context") from None
