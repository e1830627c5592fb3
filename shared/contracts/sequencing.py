"""Contracts owned by sequencing: number allocation (exactly once per document)."""
from __future__ import annotations

from datetime import datetime

from pydantic import Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register


@register
class AllocateNumber(Contract):
    """Give `document_id` the next number of its series (idempotent on document_id)."""

    TYPE = "sequencing.allocate_number"
    VERSION = 1
    KIND = "command"
    document_id: int = Field(description="the document being numbered")
    document_type: str = Field(description="invoice, sales_order, quotation, credit_note, debit_note")
    series: str = Field(pattern=r"^[0-9]{3}-[0-9]{3}$", description="EEE-PPP")
    manual_number: int | None = Field(None, ge=1, le=999_999_999,
                                      description="a number chosen by the user, where the company allows it")


@register
class NumberAllocated(Contract):
    TYPE = "sequencing.number_allocated"
    VERSION = 1
    document_id: int
    document_type: str
    series: str = Field(description="EEE-PPP")
    establishment: str = Field(description="EEE")
    emission_point: str = Field(description="PPP")
    number: int = Field(ge=1, le=999_999_999, description="sequential number")
    display_number: str = Field(description="EEE-PPP-NNNNNNNNN")
    allocated_at: datetime


@register
class NumberRejected(Contract):
    """The number could not be allocated (e.g. a manual number already used)."""

    TYPE = "sequencing.number_rejected"
    VERSION = 1
    document_id: int
    reason: str = Field(description="Spanish message for the document's timeline")
