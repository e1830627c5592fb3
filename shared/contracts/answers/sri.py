"""The answers of sri_submitter's calls (services/sri_submitter/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
