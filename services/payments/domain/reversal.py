"""When a payment (or a credit note's advance) can be undone (pure, no I/O).

Reversing a payment gives the balance back, returns the advances it used, and removes the
advance it created; that advance must still be whole: once the customer used part of it,
the reversal is a 409 naming what to reverse first. A second reversal is a 409 too.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping, Sequence

from services.payments.domain.allocation import show
from shared.contracts.rpc import Conflict

ALREADY_REVERSED = "El pago ya fue revertido."


def used(advance: Mapping[str, Any]) -> Decimal:
    return advance["amount"] - advance["remaining"]


def check_reversible(payment: Mapping[str, Any], created: Sequence[Mapping[str, Any]]) -> None:
    """409 when the payment is already reversed or an advance it created was (partly) used."""
    if payment["status"] == "reversed":
        raise Conflict(ALREADY_REVERSED)
    spent = sum((used(a) for a in created if a["status"] == "active"), Decimal("0"))
    if spent > 0:
        raise Conflict(f"El anticipo generado por este pago ya se usó ({show(spent)}); revierta primero los "
                       "pagos que lo aplicaron.")


def check_credit_cancellable(advance: Mapping[str, Any] | None) -> None:
    """A credit note whose excess became an advance can be cancelled only while that advance is unused."""
    if advance is not None and advance["status"] == "active" and used(advance) > 0:
        raise Conflict(f"El anticipo generado por la nota de crédito ya se usó ({show(used(advance))}); revierta "
                       "primero los pagos que lo aplicaron.")
