"""The document search an accountant reconciles with (GET /documents): filters and the `search` term.

Pure: the handler reads the query into a DocumentFilter, db/documents.py turns it into SQL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from shared.contracts.documents.queries import MAX_SEARCH_LENGTH, PAYMENT_STATUSES, SRI_STATUSES
from shared.contracts.rpc import Unprocessable

# accepted spelling -> value, for query_choice
SRI_STATUS_CHOICES = {s: s for s in SRI_STATUSES}
PAYMENT_STATUS_CHOICES = {s: s for s in PAYMENT_STATUSES}
_DISPLAY = re.compile(r"([0-9]{3}-[0-9]{3})(?:-([0-9]{1,9}))?")  # EEE-PPP or EEE-PPP-NNNNNNNNN
_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class SearchTerm:
    """`series`/`number`, when the term reads as one, match the document's exactly; `text` (absent
    for a full `EEE-PPP-NNNNNNNNN`) is a substring of the customer's identification or name (the
    name ignoring case and accents)."""

    text: str | None
    series: str | None = None
    number: int | None = None


@dataclass(frozen=True)
class DocumentFilter:
    type: str | None = None
    status: str | None = None
    sri_status: str | None = None
    payment_status: str | None = None
    customer_id: int | None = None
    date_from: date | None = None  # issue date, inclusive
    date_to: date | None = None    # issue date, inclusive
    search: SearchTerm | None = None


def search_term(raw: str | None, field: str = "search") -> SearchTerm | None:
    """`123`, `000000123`, `001-001`, `001-001-000000123`, a name or an identification."""
    if raw is None:
        return None
    if len(raw) > MAX_SEARCH_LENGTH:
        raise Unprocessable({field: [f"El campo {field} no debe tener más de {MAX_SEARCH_LENGTH} caracteres."]})
    display = _DISPLAY.fullmatch(raw)
    if display and display[2] is None:
        return SearchTerm(raw, display[1])
    if display and int(display[2]) > 0:
        return SearchTerm(None, display[1], int(display[2]))
    if _NUMBER.fullmatch(raw) and int(raw) > 0:
        return SearchTerm(raw, number=int(raw))
    return SearchTerm(raw)
