"""Contracts owned by payments: what happened to a document's receivable.

documents keeps `payment_status` and its timeline from `payments.receivable_updated`
(apply only a newer `version` of the receivable); the `payment.registered` webhook comes
from `payments.payment_registered`. Money is Decimal (strings in JSON), 2 decimals.
Below the events: the request bodies of payments' RPC methods.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from shared.contracts.envelope import Contract
from shared.contracts.payment_methods import ON_CREDIT, check_method, payment_form
from shared.contracts.registry import register
from shared.contracts.text import MultilineText, Text
from shared.rpc.params import RequestModel

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


# --- Request bodies of payments' RPC methods (validated by its handlers; the gateway's OpenAPI) ---

Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]  # numeric(14,2): 12 digits, 2 decimals
DocumentId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _collection_method(name: str | None) -> str | None:
    """A payment method of shared.contracts.payment_methods, but not `credito` (nothing is collected)."""
    if name is None:
        return None
    check_method(name)
    if payment_form(name) == ON_CREDIT:
        raise ValueError("Un cobro no puede registrarse con la forma de pago crédito; use efectivo, "
                         "transferencia, cheque, tarjeta_credito, tarjeta_debito u otra forma de pago.")
    return name


class PaymentIn(RequestModel):
    """`payments.create` (POST /payments): a collection on one document. The advance is applied
    first, then the direct amount; what exceeds the balance needs `overpayment_mode`."""

    document_id: DocumentId = Field(description="the document being collected")
    payment_date: date = Field(description="YYYY-MM-DD, not before the document's issue date")
    amount: Money | None = Field(None, description="direct amount received (2 decimals)")
    apply_advance_amount: Money | None = Field(None, description="taken from the customer's available advances")
    overpayment_mode: Literal["tip", "advance"] | None = Field(
        None, description="what the excess above the balance becomes: a tip, or a new customer advance")
    payment_method: Text | None = Field(
        None, max_length=50, description="efectivo (default), transferencia, cheque, tarjeta_credito, tarjeta_debito, "
        "tarjeta_prepago, dinero_electronico, compensacion, endoso, otros, or an SRI formaPago code; not credito")
    reference: Text | None = Field(None, max_length=300, description="bank reference, cheque number, ...")
    notes: MultilineText | None = Field(None, max_length=1000, description="free text")

    _method = field_validator("payment_method")(_collection_method)


class PaymentReverseIn(RequestModel):
    """`payments.reverse` (POST /payments/{id}/reverse)."""

    reason: Text | None = Field(None, max_length=300, description="why the payment is reversed")


class ReceivableCloseIn(RequestModel):
    """`receivables.close`, the cancel guard documents calls before cancelling a document."""

    document_id: DocumentId = Field(description="the document being cancelled")
    document_type: Literal["invoice", "sales_order", "quotation", "credit_note", "debit_note"] | None = Field(
        None, description="its type, when known (a type without a receivable answers 200 at once)")
