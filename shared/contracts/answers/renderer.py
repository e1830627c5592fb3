"""The answers of renderer_mailer's calls (services/renderer_mailer/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
