"""Encryption at rest of an uploaded .p12 and its password (AES-256-GCM).

The key is derived with HKDF-SHA256 from the service secret `SECRETS_KEY` and a random
salt stored in the blob; `context` (e.g. the company id) is bound as associated data,
so a blob copied to another company does not open. Layout:
`version (1) | salt (16) | nonce (12) | AES-GCM(password length (2) | password | p12)`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.sri_submitter.certificates.errors import SealError

VERSION = b"\x01"
INFO = b"einvoice-ec sri_submitter certificate v1"


@dataclass(frozen=True)
class Unsealed:
    """The stored certificate file and its password (never shown in repr or logs)."""

    p12: bytes = field(repr=False)
    password: str = field(repr=False)


def _key(secret: str | bytes, salt: bytes) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(material)


def seal(p12: bytes, password: str, secret: str | bytes, context: bytes = b"") -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    secret_pw = password.encode()
    plain = len(secret_pw).to_bytes(2, "big") + secret_pw + p12
    return VERSION + salt + nonce + AESGCM(_key(secret, salt)).encrypt(nonce, plain, VERSION + context)


def unseal(blob: bytes, secret: str | bytes, context: bytes = b"") -> Unsealed:
    """Raises SealError when the secret or context differ or the blob was altered."""
    if len(blob) < 1 + 16 + 12 + 16 or blob[:1] != VERSION:
        raise SealError()
    salt, nonce, body = blob[1:17], blob[17:29], blob[29:]
    try:
        plain = AESGCM(_key(secret, salt)).decrypt(nonce, body, VERSION + context)
    except InvalidTag:
        raise SealError() from None
    size = int.from_bytes(plain[:2], "big")
    return Unsealed(p12=plain[2 + size:], password=plain[2:2 + size].decode())
