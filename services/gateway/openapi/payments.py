"""The payments write side's entries of the API reference (merged into catalog.py's BODY_MODELS,
SUMMARIES and NOTES): POST /payments, GET /payments/{id}, its reversal, a customer's advances."""
from __future__ import annotations

from pydantic import BaseModel

from shared.contracts.payments import PaymentIn, PaymentReverseIn

BODY_MODELS: dict[str, type[BaseModel]] = {
    "payments.create": PaymentIn,
    "payments.reverse": PaymentReverseIn,
}

SUMMARIES: dict[str, str] = {
    "payments.create": "Register a collection (direct amount, customer advances, excess as tip or advance)",
    "payments.get": "Get a payment",
    "payments.reverse": "Reverse a payment (restores the balance and the advances it used)",
    "customers.advances": "A customer's advances: available total and the list",
}

NOTES: dict[str, str] = {
    "payments.create": "201 `{message, data: {document, applied_advance_amount, excess_amount, "
                       "created_advance_amount, balance_pending, payment_id}}`, numbers rounded to 2. The advance "
                       "is applied first, then `amount`; an excess needs `overpayment_mode` (422 without it). 409 "
                       "for a draft, cancelled or fully paid document (or one still being recorded: retry). Same "
                       "`Idempotency-Key`: the same payment, applied once.",
    "payments.reverse": "409 when already reversed, or when the advance its excess created was used since.",
}
