"""The answers of the gateway's own endpoints (services/gateway/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
