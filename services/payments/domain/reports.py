"""The receivables aging (GET /reports/receivables), pure: Decimal only, no I/O.

A document's age is counted from its due date, or from its issue date when it has none (a
cash sale is due at once): days_overdue = as_of - (due_date or issue_date).
- `current`: not yet due (as_of before the due date);
- `days_0_30`: 0 to 30 days (due that very day counts as 0);
- `days_31_60`, `days_61_90`;
- `days_90_plus`: more than 90 days (the published bucket "90+").
Each document's balance as of the date (db/reports.py) lands in one bucket of its customer's
row; rows are ordered by total owed (largest first), then name; a totals row adds them up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable

ZERO = Decimal("0.00")
BUCKETS = ("current", "days_0_30", "days_31_60", "days_61_90", "days_90_plus")
_LIMITS = ((30, "days_0_30"), (60, "days_31_60"), (90, "days_61_90"))


def days_overdue(as_of: date, issue_date: date, due_date: date | None) -> int:
    """Days past the due date (the issue date without one); negative while not yet due."""
    return (as_of - (due_date or issue_date)).days


def bucket(days: int) -> str:
    """The aging bucket of a document `days` overdue."""
    if days < 0:
        return "current"
    for limit, name in _LIMITS:
        if days <= limit:
            return name
    return "days_90_plus"


@dataclass(frozen=True)
class Owed:
    """One document's balance as of the report date."""

    customer_id: int | None
    customer_name: str
    issue_date: date
    due_date: date | None
    balance: Decimal
    identification: str | None = None  # RUC / cédula as printed (None: recorded before events carried it)


@dataclass
class AgingRow:
    """A customer's debt by bucket (customer_id None: consumidor final, or the totals row)."""

    customer_id: int | None
    name: str
    documents: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))
    identification: str | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    def add(self, name: str, amount: Decimal, documents: int = 1) -> None:
        self.amounts[name] += amount
        self.documents += documents


def aging(owed: Iterable[Owed], as_of: date) -> tuple[list[AgingRow], AgingRow]:
    """(one row per customer, the totals row). Balances of 0 or less are left out. The name of a
    customer's row is the one on its first document given (db/reports.py gives the newest first), its
    identification the first one known."""
    rows: dict[int | None, AgingRow] = {}
    totals = AgingRow(None, "Total")
    for doc in owed:
        if doc.balance <= 0:
            continue
        row = rows.setdefault(doc.customer_id, AgingRow(doc.customer_id, doc.customer_name))
        row.identification = row.identification or doc.identification
        where = bucket(days_overdue(as_of, doc.issue_date, doc.due_date))
        row.add(where, doc.balance)
        totals.add(where, doc.balance)
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.name.casefold(), r.customer_id or 0))
    return ordered, totals
