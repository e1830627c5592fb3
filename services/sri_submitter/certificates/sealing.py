"""Encryption at rest of an uploaded .p12 and its password (AES-256-GCM, shared/sealing.py).

The key is derived with HKDF-SHA256 from the service secret `SECRETS_KEY` and a random
salt stored in the blob; `context` (e.g. the company id) is bound as associated data,
so a blob copied to another company does not open. Layout:
`version (1) | salt (16) | nonce (12) | AES-GCM(password length (2) | password | p12)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from services.sri_submitter.certificates.errors import SealError
from shared import sealing

INFO = b"einvoice-ec sri_submitter certificate v1"


@dataclass(frozen=True)
class Unsealed:
    """The stored certificate file and its password (never shown in repr or logs)."""

    p12: bytes = field(repr=False)
    password: str = field(repr=False)


def seal(p12: bytes, password: str, secret: str | bytes, context: bytes = b"") -> bytes:
    secret_pw = password.encode()
    return sealing.seal(len(secret_pw).to_bytes(2, "big") + secret_pw + p12, secret, info=INFO, context=context)


def unseal(blob: bytes, secret: str | bytes, context: bytes = b"") -> Unsealed:
    """Raises SealError when the secret or context differ or the blob was altered."""
    try:
        plain = sealing.unseal(blob, secret, info=INFO, context=context)
    except sealing.SealError:
        raise SealError() from None
    size = int.from_bytes(plain[:2], "big")
    return Unsealed(p12=plain[2 + size:], password=plain[2:2 + size].decode())
