"""Contracts owned by payments: what happened to a document's receivable.

documents keeps `payment_status` and its timeline from `payments.receivable_updated`
(apply only a newer `version` of the receivable); the `payment.registered` webhook comes
from `payments.payment_registered`. Money is Decimal (strings in JSON), 2 decimals.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register

PaymentStatus = Literal["pending", "partial", "paid"]
Cause = Literal["opened", "payment_registered", "payment_reversed", "credit_note", "debit_note", "moved", "closed"]


@register
class PaymentRegistered(Contract):
    """A collection applied to a document (POST /payments, or the initial payment at issue)."""

    TYPE = "payments.payment_registered"
    VERSION = 1
    payment_id: int
    document_id: int
    document_type: str
    display_number: str | None = Field(None, description="001-001-000000120 once numbered")
    customer_id: int | None = None
    payment_date: date
    method: str | None = None
    amount: Decimal = Field(description="direct amount received")
    applied_advance_amount: Decimal = Field(Decimal("0"), description="taken from the customer's advances")
    excess_amount: Decimal = Field(Decimal("0"), description="received above the balance")
    overpayment_mode: Literal["tip", "advance"] | None = None
    created_advance_amount: Decimal = Field(Decimal("0"), description="new customer advance from the excess")
    balance_pending: Decimal = Field(description="the document's balance after the payment")
    payment_status: PaymentStatus
    registered_at: datetime


@register
class ReceivableUpdated(Contract):
    """The receivable of a document changed: its figures after the change and why."""

    TYPE = "payments.receivable_updated"
    VERSION = 1
    document_id: int
    version: int = Field(ge=1, description="increases with every change of this receivable; apply only newer ones")
    cause: Cause
    total: Decimal
    paid_amount: Decimal = Field(description="applied payments (direct + advances), net of reversals")
    credited_amount: Decimal = Field(Decimal("0"), description="credit notes applied")
    balance: Decimal
    payment_status: PaymentStatus
    payment_id: int | None = Field(None, description="the payment registered or reversed, when the cause is one")
    at: datetime
