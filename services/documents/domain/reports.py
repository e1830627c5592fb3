"""The sales report's arithmetic (GET /reports/sales): the period and the groups (pure, Decimal only).

What counts: issued documents (not drafts, not cancelled) of the period by issue date, of the
types in SIGNS: invoices and debit notes add, credit notes subtract. Sales orders and
quotations are no sales and never count. Every amount is net (credit notes already taken
off): a group of an invoice of 100.00 and a credit note of 20.00 shows subtotal 80.00.

The SQL (db/reports.py) sums per (group key, document type); `groups` applies the signs,
merges the types of a key and keeps the labels of the newest document of the key.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Iterable, Mapping

from shared.contracts.rpc import Unprocessable

SIGNS = {"invoice": 1, "debit_note": 1, "credit_note": -1}
COUNTED_TYPES = tuple(SIGNS)
COUNTS = {"invoice": "invoices", "debit_note": "debit_notes", "credit_note": "credit_notes"}
GROUPINGS = ("day", "month", "customer", "product")
MAX_DAYS = 366
ZERO = Decimal("0.00")
AMOUNTS = ("quantity", "subtotal", "discount", "tax", "tip", "total")

Row = Mapping[str, Any]


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    """The report's period, both ends inclusive. Absent: the current month (`today` in Ecuador);
    only `from`: to the end of its month; only `to`: from the start of its month. `to` before
    `from`, or more than MAX_DAYS days, is a 422 on `to`."""
    if start is None and end is None:
        start, end = today.replace(day=1), month_end(today)
    elif start is None:
        start = end.replace(day=1)
    elif end is None:
        end = month_end(start)
    if end < start:
        raise Unprocessable({"to": ["El campo to debe ser una fecha posterior o igual a from."]})
    if (end - start).days + 1 > MAX_DAYS:
        raise Unprocessable({"to": [f"El período del reporte no puede superar {MAX_DAYS} días."]})
    return start, end


@dataclass(frozen=True)
class Figures:
    """Counts per document type and signed sums. `quantity` is filled by the product grouping only."""

    invoices: int = 0
    debit_notes: int = 0
    credit_notes: int = 0
    quantity: Decimal = ZERO
    subtotal: Decimal = ZERO  # bases without taxes, after discounts (totalSinImpuestos)
    discount: Decimal = ZERO
    tax: Decimal = ZERO       # IVA
    tip: Decimal = ZERO       # propina (documents only; no line carries it)
    total: Decimal = ZERO     # subtotal + tax + tip

    @property
    def documents(self) -> int:
        return self.invoices + self.debit_notes + self.credit_notes

    def plus(self, other: "Figures") -> "Figures":
        counts = {k: getattr(self, k) + getattr(other, k) for k in COUNTS.values()}
        return Figures(**counts, **{k: getattr(self, k) + getattr(other, k) for k in AMOUNTS})


def signed(row: Row) -> Figures:
    """One SQL row (a document type's sums within a group) as signed Figures."""
    sign = SIGNS[row["type"]]
    amounts = {k: sign * Decimal(row[k]) for k in AMOUNTS if row.get(k) is not None}
    return Figures(**{COUNTS[row["type"]]: row["documents"]}, **amounts)


@dataclass(frozen=True)
class Group:
    key: str
    labels: Mapping[str, Any] = field(default_factory=dict)  # of the newest document of the group
    figures: Figures = Figures()
    newest: int = 0  # the id of that document


def groups(rows: Iterable[Row], label_keys: tuple[str, ...] = ()) -> list[Group]:
    """One Group per key (in the order keys first appear), its types merged with their signs.
    Each row: key, type, documents, newest (the latest document id), the AMOUNTS summed, and
    the `label_keys` columns as they read on the newest document."""
    out: dict[str, Group] = {}
    for row in rows:
        key = str(row["key"])
        group = out.get(key) or Group(key)
        figures = group.figures.plus(signed(row))
        if row["newest"] >= group.newest:
            group = Group(key, {k: row[k] for k in label_keys}, figures, row["newest"])
        else:
            group = replace(group, figures=figures)
        out[key] = group
    return list(out.values())


def totals(found: Iterable[Group]) -> Figures:
    total = Figures()
    for group in found:
        total = total.plus(group.figures)
    return total


def by_total(found: list[Group], label: str) -> list[Group]:
    """Customers and products: the largest net total first, then by label, then key."""
    return sorted(found, key=lambda g: (-g.figures.total, str(g.labels.get(label) or "").casefold(), g.key))
