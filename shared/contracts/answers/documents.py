"""The answers of documents' calls (services/documents/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
