"""The answer of payments' receivables aging report (services/payments/views/reports.py)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.contracts.answers import Answer, Day, Money


class AgingTotals(Answer):
    """The report's totals: balances owed by aging bucket (days past the due date, or the issue date
    without one)."""

    documents: int = Field(description="documents with a balance")
    current: Money = Field(description="not yet due")
    days_0_30: Money
    days_31_60: Money
    days_61_90: Money
    days_90_plus: Money
    total: Money


class AgingRow(AgingTotals):
    """A customer's debt by aging bucket (largest debt first)."""

    customer_id: int | None = Field(description="null: consumidor final")
    identification: str | None = Field(description="RUC / cédula (consumidor final: 9999999999999); null when "
                                                   "unknown")
    name: str


class ReceivablesReportColumn(Answer):
    key: Literal["customer_id", "identification", "name", "documents", "current", "days_0_30", "days_31_60",
                 "days_61_90", "days_90_plus", "total"]
    label: str = Field(description="the CSV header (Spanish)")


class AgingBuckets(Answer):
    """What each bucket means (Spanish)."""

    current: str
    days_0_30: str
    days_31_60: str
    days_61_90: str
    days_90_plus: str


class ReceivablesReportMeta(Answer):
    as_of: Day
    customer_id: int | None = Field(description="the customer filter; null: every customer")
    currency: Literal["USD"]
    buckets: AgingBuckets
    file_name: str = Field(description="the CSV's file name")


class ReceivablesReport(Answer):
    """GET /reports/receivables: the aging of what customers owe as of a date (also as CSV)."""

    data: list[AgingRow]
    totals: AgingTotals
    columns: list[ReceivablesReportColumn]
    meta: ReceivablesReportMeta


ANSWERS: dict[str, type[Answer]] = {"reports.receivables": ReceivablesReport}
