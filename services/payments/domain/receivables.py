"""A receivable's figures and state rules (pure, Decimal only, no I/O).

balance = total - paid_amount - credited_amount, never below zero: a credit note only
credits up to the open balance (the rest becomes a customer advance), and a collection
only applies up to it (allocation.py). Decisions:
- a debit note is its own receivable, for its own total (GET /payments lists debit notes);
- a converted sales order's payments move to the invoice; what the invoice cannot take
  (its balance is smaller) becomes an advance of the customer, newest payments first;
- a closed receivable (cancelled, or moved to its invoice) takes no payment: 409.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, Sequence

from services.payments.domain.allocation import ZERO, payment_status
from shared.contracts.rpc import Conflict

CANCELLED_MESSAGE = "El documento está anulado; no admite pagos."
NO_BALANCE_MESSAGE = "El documento no tiene saldo pendiente."
HAS_PAYMENTS_MESSAGE = "El documento tiene pagos aplicados; revierta los pagos antes de anularlo."


@dataclass(frozen=True)
class Figures:
    total: Decimal
    paid_amount: Decimal
    credited_amount: Decimal
    balance: Decimal
    payment_status: str


def figures(total: Decimal, paid: Decimal, credited: Decimal) -> Figures:
    """The receivable's figures for these amounts (ValueError if they would owe less than 0)."""
    balance = total - paid - credited
    if balance < 0 or paid < 0 or credited < 0:
        raise ValueError(f"receivable figures out of range: total {total}, paid {paid}, credited {credited}")
    return Figures(total, paid, credited, balance, payment_status(total, paid, balance))


def label(row: Mapping[str, Any]) -> str:
    """001-001-000000120, or `#<id>` while the document has no number yet."""
    return row["display_number"] or f"#{row['document_id']}"


def check_collectable(row: Mapping[str, Any]) -> None:
    """409 unless the receivable is open and owes something."""
    if row["status"] == "closed":
        if row["closed_reason"] == "moved":
            raise Conflict(f"El documento {label(row)} fue convertido en factura; registre el pago en la factura "
                           f"(documento {row['moved_to_document_id']}).")
        raise Conflict(CANCELLED_MESSAGE)
    if row["balance"] <= 0:
        raise Conflict(NO_BALANCE_MESSAGE)


def credit_split(amount: Decimal, balance: Decimal) -> tuple[Decimal, Decimal]:
    """(credited against the balance, excess above it) of a credit note."""
    credited = min(amount, max(balance, ZERO))
    return credited, amount - credited


@dataclass(frozen=True)
class Moved:
    """A sales order's payment as it lands on the invoice: what still applies, what turns into an advance."""

    payment_id: int
    applied_amount: Decimal
    surplus: Decimal


def move_payments(payments: Sequence[tuple[int, Decimal]], room: Decimal) -> list[Moved]:
    """Payments (id, applied_amount), oldest first, moved onto a balance of `room`: the oldest keep
    theirs; once the room is used up, the newest give their surplus back (to become advances)."""
    moved = []
    for payment_id, applied in payments:
        kept = min(applied, max(room, ZERO))
        room -= kept
        moved.append(Moved(payment_id, kept, applied - kept))
    return moved
