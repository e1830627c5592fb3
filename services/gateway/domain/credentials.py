"""API keys and session tokens: generation, display prefix, and the hash that is stored."""
from __future__ import annotations

import hashlib
import re
import secrets
import string

API_KEY_PREFIX = "ek"
_KEY_RE = re.compile(r"^ek_([a-z0-9]{8})_[A-Za-z0-9]{32,}$")
_ALPHABET = string.ascii_letters + string.digits


def hash_secret(secret: str) -> str:
    """sha256 hex of an API key or session token (high-entropy, so no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_api_key() -> tuple[str, str]:
    """A fresh key `ek_<prefix>_<secret>` and its prefix (shown in listings)."""
    prefix = "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(8))
    secret = "".join(secrets.choice(_ALPHABET) for _ in range(40))
    return f"{API_KEY_PREFIX}_{prefix}_{secret}", prefix


def key_prefix(key: str) -> str:
    """The displayable prefix of a key; fixed demo keys of another shape show 6 chars."""
    m = _KEY_RE.match(key)
    return m.group(1) if m else key[:6]


def new_session_token() -> str:
    return secrets.token_urlsafe(32)
