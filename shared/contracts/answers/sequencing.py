"""The answers of sequencing's calls (services/sequencing/views/)."""
from __future__ import annotations

from shared.contracts.answers import Answer

ANSWERS: dict[str, type[Answer]] = {}
