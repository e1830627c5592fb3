"""The answers of payments' calls (services/payments/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
