"""How a collection splits over a document's balance (pure, Decimal only, no I/O).

The published rule (API.md, POST /payments): the customer's advance is applied first, then
the direct amount; what the direct amount brings above the balance is the excess, kept as a
tip (`overpayment_mode` tip) or turned into a new customer advance (`advance`). Without a
mode an excess is refused. Worked example (a unit test): balance 36, advance available 5;
amount 40 + apply_advance_amount 5, mode advance -> advance 5, direct 31, excess 9 -> new
advance 9, balance_pending 0.

Decisions beyond the published text:
- apply_advance_amount above the balance is a 422: an advance only ever pays a debt, it is
  never turned into a tip or another advance;
- a document without balance (fully paid or credited) takes no payment: 409;
- an excess as an advance needs a customer: consumidor final may only leave a tip (422).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared.contracts.rpc import Unprocessable

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal | int | str) -> Decimal:
    """A money value rounded half-up to the cent."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def show(value: Decimal) -> str:
    """`1234.5` -> `$1,234.50` (messages and lookups; money as the RIDE writes it)."""
    return f"${cents(value):,.2f}"


@dataclass(frozen=True)
class Collection:
    """What the caller asks: a direct amount, an advance to apply, what to do with an excess."""

    payment_date: date
    amount: Decimal = ZERO
    advance: Decimal = ZERO
    mode: str | None = None  # "tip" | "advance" | None


@dataclass(frozen=True)
class Allocation:
    """How the collection lands on the balance."""

    amount: Decimal                  # direct amount received
    applied_advance_amount: Decimal  # taken from the customer's advances
    direct_applied: Decimal          # part of the direct amount that reduced the balance
    excess_amount: Decimal           # direct amount above the balance
    overpayment_mode: str | None
    tip_amount: Decimal
    created_advance_amount: Decimal
    balance_pending: Decimal         # the balance after the payment

    @property
    def applied_amount(self) -> Decimal:
        """What reduced the balance (advance + direct)."""
        return self.applied_advance_amount + self.direct_applied


def _require(ok: bool, field: str, message: str) -> None:
    if not ok:
        raise Unprocessable({field: [message]})


def check_request(c: Collection, *, issue_date: date, available_advance: Decimal) -> None:
    """The request's own rules (422), before any arithmetic."""
    _require(c.amount > 0 or c.advance > 0, "amount",
             "Indique un monto (amount) o un anticipo a aplicar (apply_advance_amount) mayor que 0.")
    _require(c.advance <= available_advance, "apply_advance_amount",
             f"El anticipo a aplicar supera el anticipo disponible del cliente ({show(available_advance)}).")
    _require(c.payment_date >= issue_date, "payment_date",
             f"La fecha de pago no puede ser anterior a la fecha de emisión del documento ({issue_date.isoformat()}).")


def allocate(c: Collection, *, balance: Decimal, has_customer: bool) -> Allocation:
    """Advance first, then the direct amount; the excess per mode. 422 when the rules refuse it.
    The caller has checked the request (check_request) and that the balance is above 0."""
    _require(c.advance <= balance, "apply_advance_amount",
             f"El anticipo a aplicar supera el saldo del documento ({show(balance)}).")
    after_advance = balance - c.advance
    direct = min(c.amount, after_advance)
    excess = c.amount - direct
    mode = c.mode if excess > 0 else None
    if excess > 0:
        _require(c.mode is not None, "overpayment_mode",
                 f"El pago excede el saldo del documento ({show(balance)}) en {show(excess)}; indique "
                 "overpayment_mode: tip (propina) o advance (anticipo del cliente).")
        _require(c.mode == "tip" or has_customer, "overpayment_mode",
                 "Un consumidor final no puede tener anticipos; registre el excedente como propina (tip).")
    return Allocation(amount=c.amount, applied_advance_amount=c.advance, direct_applied=direct,
                      excess_amount=excess, overpayment_mode=mode,
                      tip_amount=excess if mode == "tip" else ZERO,
                      created_advance_amount=excess if mode == "advance" else ZERO,
                      balance_pending=after_advance - direct)


def payment_status(total: Decimal, paid: Decimal, balance: Decimal) -> str:
    """paid: nothing left to collect; partial: something collected; else pending."""
    if balance <= 0:
        return "paid"
    return "partial" if paid > 0 else "pending"


def take_from_advances(wanted: Decimal, available: list[tuple[int, Decimal]]) -> list[tuple[int, Decimal]]:
    """(advance id, amount taken) oldest first, until `wanted` is covered (the caller checked it fits)."""
    taken: list[tuple[int, Decimal]] = []
    left = wanted
    for advance_id, remaining in available:
        if left <= 0:
            break
        take = min(remaining, left)
        if take > 0:
            taken.append((advance_id, take))
            left -= take
    return taken
