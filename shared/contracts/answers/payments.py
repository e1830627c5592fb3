"""The answers of payments' calls (services/payments/views/)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.contracts.answers import (Answer, Cents, Day, Money, Number9, PageMeta, PaymentStatus, Series, Timestamp,
                                      saved)

CollectableType = Literal["invoice", "sales_order", "debit_note"]  # the documents payments collects
_NUMBER = "the 9-digit number; null until sequencing numbered the document"
_DISPLAY = "EEE-PPP-NNNNNNNNN; null until the document is numbered"
_METHOD = "efectivo, transferencia, tarjeta, ... as sent; null when none was given"


class PaymentDocumentRef(Answer):
    """The document a payment was applied to."""

    id: int
    series: Series | None
    number: Number9 | None = Field(description=_NUMBER)
    status: Literal["issued", "cancelled"] = Field(description="cancelled once the document was cancelled")


class PaymentCreatedData(Answer):
    document: PaymentDocumentRef
    applied_advance_amount: Cents = Field(description="taken from the customer's advances")
    excess_amount: Cents = Field(description="what exceeded the balance (a tip or a new advance)")
    created_advance_amount: Cents = Field(description="the part of the excess that became a customer advance")
    balance_pending: Cents = Field(description="what the document still owes after this payment")
    payment_id: int = Field(description="the payment's id (GET /payments/{id})")


class PaymentCreated(Answer):
    """POST /payments (API.md Part A): money as JSON numbers rounded to the cent."""

    EXAMPLE = {"message": "Pago registrado para 001-001-000000120.", "data": {
        "document": {"id": 120, "series": "001-001", "number": "000000120", "status": "issued"},
        "applied_advance_amount": 5, "excess_amount": 2, "created_advance_amount": 2, "balance_pending": 0,
        "payment_id": 57}}
    message: str
    data: PaymentCreatedData


class PaymentDocument(Answer):
    """The document of a payment, with its balance now."""

    id: int
    series: Series | None
    number: Number9 | None = Field(description=_NUMBER)
    status: Literal["issued", "cancelled"] = Field(description="cancelled once the document was cancelled")
    type: CollectableType
    display_number: str | None = Field(description=_DISPLAY)
    balance: Money = Field(description="what the document owes now")
    payment_status: PaymentStatus


class AdvanceUse(Answer):
    """An advance a payment took money from."""

    advance_id: int
    amount: Money
    returned: bool = Field(description="true once the payment's reversal gave the amount back to the advance")


class CustomerAdvance(Answer):
    """Credit a customer holds (views/payments.py: advance)."""

    id: int
    customer_id: int
    amount: Money = Field(description="the advance's amount when created")
    remaining: Money = Field(description="what can still be applied (0 once used up or voided)")
    source: Literal["overpayment", "credit_note", "moved"] = Field(
        description="overpayment: a payment's excess; credit_note: a credit note above its invoice's balance; "
                    "moved: payments of a converted sales order its invoice could not take")
    source_payment_id: int | None = Field(description="overpayment: the payment whose excess it is")
    source_document_id: int | None = Field(description="credit_note: the credit note; else the document paid")
    status: Literal["active", "voided"] = Field(description="voided: its payment was reversed before any use")
    created_at: Timestamp


class Payment(Answer):
    """GET /payments/{id}: a payment in detail (money as strings with 4 decimals)."""

    id: int
    document: PaymentDocument
    origin_document_id: int = Field(description="the document it was registered on (differs from document.id "
                                                "once a sales order's payments moved to its invoice)")
    customer_id: int | None = Field(description="null: consumidor final")
    payment_date: Day
    amount: Money = Field(description="the direct amount received")
    applied_advance_amount: Money = Field(description="taken from the customer's advances")
    applied_amount: Money = Field(description="what reduced the document's balance")
    excess_amount: Money = Field(description="what exceeded the balance: tip_amount + created_advance_amount")
    overpayment_mode: Literal["tip", "advance"] | None = Field(description="what the excess became; null without one")
    tip_amount: Money
    created_advance_amount: Money
    balance_pending: Money = Field(description="what the document owed right after this payment")
    payment_method: str | None = Field(description=_METHOD)
    reference: str | None
    notes: str | None
    initial: bool = Field(description="the payment registered with the document at issue")
    status: Literal["applied", "reversed"]
    reversed_at: Timestamp | None
    reverse_reason: str | None
    created_at: Timestamp = Field(description="when it was registered")
    advances_used: list[AdvanceUse]
    advances_created: list[CustomerAdvance]


PaymentReversed = saved(Payment, "PaymentReversed")


class ReceivableCustomer(Answer):
    id: int | None = Field(description="null: consumidor final")
    name: str = Field(description="as printed on the document")
    identification: str | None = Field(description="RUC, cédula or passport as printed; null for documents "
                                                   "recorded before it was known")


class Receivable(Answer):
    """A document to collect (views/queries.py: receivable_item); money as strings with 4 decimals."""

    id: int = Field(description="the document's id")
    type: CollectableType
    series: Series | None
    number: Number9 | None = Field(description=_NUMBER)
    display_number: str | None = Field(description=_DISPLAY)
    status: Literal["issued"]
    customer: ReceivableCustomer
    issue_date: Day
    due_date: Day | None
    currency: str = Field(examples=["USD"])
    total: Money
    paid_amount: Money = Field(description="applied payments (direct and from advances), net of reversals")
    credited_amount: Money = Field(description="credit notes applied")
    balance: Money = Field(description="total - paid_amount - credited_amount")
    payment_status: PaymentStatus
    days_overdue: int = Field(description="days past the due date (the issue date without one) while it owes; "
                                          "else 0")


class RecentPayment(Answer):
    """One of the newest payments (applied or reversed), beside the list (views/queries.py: recent_payment)."""

    id: int
    document_id: int
    document_type: CollectableType
    series: Series | None
    number: Number9 | None = Field(description=_NUMBER)
    display_number: str | None = Field(description=_DISPLAY)
    customer_id: int | None = Field(description="null: consumidor final")
    payment_date: Day
    amount: Money
    applied_advance_amount: Money
    applied_amount: Money
    excess_amount: Money
    payment_method: str | None = Field(description=_METHOD)
    reference: str | None
    initial: bool
    status: Literal["applied", "reversed"]
    created_at: Timestamp


class SelectedDocument(Answer):
    """The document chosen with `document_id`: JSON numbers rounded to the cent, as published."""

    id: int
    series: Series | None
    number: Number9 | None = Field(description=_NUMBER)
    total: Cents
    paid_amount: Cents
    balance: Cents
    available_advance: Cents = Field(description="the customer's advances that can still be applied")


class Receivables(Answer):
    """GET /payments (API.md Part A): the documents to collect, the newest payments, the selected document."""

    EXAMPLE = {
        "data": [{"id": 120, "type": "invoice", "series": "001-001", "number": "000000120",
                  "display_number": "001-001-000000120", "status": "issued",
                  "customer": {"id": 2, "name": "Cliente Demo", "identification": "0999999999"},
                  "issue_date": "2026-02-22", "due_date": None, "currency": "USD", "total": "46.0000",
                  "paid_amount": "10.0000", "credited_amount": "0.0000", "balance": "36.0000",
                  "payment_status": "partial", "days_overdue": 3}],
        "recent_payments": [], "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1},
        "selected_document": {"id": 120, "series": "001-001", "number": "000000120", "total": 46,
                              "paid_amount": 10, "balance": 36, "available_advance": 5}}
    data: list[Receivable]
    recent_payments: list[RecentPayment] = Field(description="the newest 10 (of the document with `document_id`)")
    meta: PageMeta
    selected_document: SelectedDocument | None = Field(description="null without `document_id`")


class DocumentLookupResult(Answer):
    id: int = Field(description="the document's id")
    text: str = Field(description="`EEE-PPP-NNNNNNNNN | customer | Saldo $1,234.50` (`#<id>` while not numbered)")


class DocumentLookupPagination(Answer):
    more: bool = Field(description="whether a next page has results")


class DocumentLookup(Answer):
    """GET /payments/lookups/documents (API.md Part A): documents with a balance, 20 a page, Select2's shape."""

    EXAMPLE = {"results": [{"id": 120, "text": "001-001-000000120 | Cliente Demo | Saldo $36.00"}],
               "pagination": {"more": False}}
    results: list[DocumentLookupResult]
    pagination: DocumentLookupPagination


class CustomerAdvances(Answer):
    """GET /customers/{id}/advances: what the customer can apply, and its advances (newest first)."""

    customer_id: int
    available_advance: Money = Field(description="sum of the active advances' remaining amounts")
    data: list[CustomerAdvance]
    meta: PageMeta


ANSWERS: dict[str, type[Answer]] = {
    "payments.list": Receivables,
    "payments.create": PaymentCreated,
    "lookups.documents": DocumentLookup,
    "payments.get": Payment,
    "payments.reverse": PaymentReversed,
    "customers.advances": CustomerAdvances,
}
