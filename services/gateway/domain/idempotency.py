"""The fingerprint that tells a replay of a request from a different request under one Idempotency-Key."""
from __future__ import annotations

import hashlib
import json


def canonical_body(body: bytes) -> bytes:
    """JSON bodies compare by content (key order, spacing); anything else by bytes."""
    if not body.strip():
        return b""
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse: compare the bytes
        return body


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256(f"{method.upper()}\n{path}\n".encode())
    digest.update(canonical_body(body))
    return digest.hexdigest()
