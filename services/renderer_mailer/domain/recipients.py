"""The addresses of a mail request: trimmed, deduplicated (case-insensitively), checked."""
from __future__ import annotations

import re
from typing import Iterable

ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]+")


def split(recipients: Iterable[str]) -> tuple[list[str], list[str]]:
    """(valid, invalid) addresses, each once, in the order given."""
    valid: list[str] = []
    invalid: list[str] = []
    seen: set[str] = set()
    for raw in recipients:
        address = raw.strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        (valid if ADDRESS.fullmatch(address) else invalid).append(address)
    return valid, invalid
