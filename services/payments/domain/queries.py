"""What GET /payments and the documents lookup search for (pure: the handler reads the query into
these, db/queries.py turns them into SQL).

Only receivables that can still be collected are listed: recorded (payments consumed the
document's `*_recorded` event) and open (not cancelled, not a sales order moved to its invoice).

The search term (`search` of GET /payments, `q` of the lookup) matches:
- `001-001`: the series; `001-001-000000120` (or `001-001-120`): that series and number;
- digits (`120`, `000000120`): the number, part of the customer's name, or the customer's
  identification (RUC / cédula) exactly or its start (`1790012345001`, `17900`);
- anything else: part of the customer's name (ignoring case and Spanish accents, `peña` finds
  "PEÑA"), of the display number (`001-000000`), or the start of the identification (a passport).
Documents recorded before the events carried the identification (null) match by the rest only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from shared.contracts.documents.queries import MAX_SEARCH_LENGTH, PAYMENT_STATUSES
from shared.contracts.rpc import Unprocessable

# accepted spelling -> canonical value, for query_choice (`sales_note` is the published alias, as in GET /documents)
TYPE_CHOICES = {"invoice": "invoice", "sales_order": "sales_order", "debit_note": "debit_note",
                "sales_note": "sales_order"}
STATUS_CHOICES = {s: s for s in PAYMENT_STATUSES}
RECENT_PAYMENTS = 10     # GET /payments: the newest payments shown beside the list
LOOKUP_PAGE_SIZE = 20    # GET /payments/lookups/documents: results per page
_DISPLAY = re.compile(r"([0-9]{3}-[0-9]{3})(?:-([0-9]{1,9}))?")
_DIGITS = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class Term:
    """A search term: `series` / `number` match exactly when the term reads as one; `text` (absent for
    a full display number) is a substring of the customer's name or of the display number, or the start of
    the customer's identification."""

    text: str | None
    series: str | None = None
    number: int | None = None


@dataclass(frozen=True)
class ReceivableFilter:
    type: str | None = None            # invoice | sales_order | debit_note
    payment_status: str | None = None  # pending | partial | paid
    term: Term | None = None
    with_balance: bool = False         # the lookup: only documents that still owe something


def search_term(raw: str | None, field: str) -> Term | None:
    """The term of `field` (already trimmed; None: no search); over MAX_SEARCH_LENGTH is a 422."""
    if raw is None:
        return None
    if len(raw) > MAX_SEARCH_LENGTH:
        raise Unprocessable({field: [f"El campo {field} no debe tener más de {MAX_SEARCH_LENGTH} caracteres."]})
    display = _DISPLAY.fullmatch(raw)
    if display and display[2] is None:
        return Term(None, series=display[1])
    if display:
        return Term(None, series=display[1], number=int(display[2]))
    if _DIGITS.fullmatch(raw):
        return Term(raw, number=int(raw))
    return Term(raw)
