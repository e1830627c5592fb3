"""A document's `payment_status` and its payments timeline, from payments' `payments.receivable_updated`
(pure, no I/O).

payments numbers every change of a document's receivable (`version`, from 1); the document keeps
the version it applied last (`payment_version`) with its `payment_status`, and only a newer
version changes them, so a duplicate or a late older event never moves the status back. The
timeline entry of a change (`payment_registered`, `payment_reversed`, `credit_applied`,
`debit_applied`, `payments_moved`) is written once per version, even when the version arrives
late (`seen`: the versions already on the timeline); `paid` when a newer version makes it paid.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from services.documents.process.state import NOTHING, Event, Outcome, Row
from shared.contracts.payments import ReceivableUpdated

CAUSE_EVENTS = {"payment_registered": "payment_registered", "payment_reversed": "payment_reversed",
                "credit_note": "credit_applied", "debit_note": "debit_applied", "moved": "payments_moved"}
VERSION_KEY = "receivable_version"  # in the detail of every timeline event made here


@dataclass(frozen=True)
class PaymentState:
    payment_status: str = "pending"
    payment_version: int = 0
    seen: frozenset[int] = frozenset()  # receivable versions already on the timeline

    @classmethod
    def of(cls, row: Row, seen: Iterable[int] = ()) -> "PaymentState":
        return cls(row["payment_status"], row["payment_version"], frozenset(seen))


def on_receivable_updated(state: PaymentState, msg: ReceivableUpdated) -> Outcome:
    """A newer version sets payment_status (and `paid` when it becomes paid); every version not yet
    on the timeline adds its cause's event; anything else is NOTHING."""
    name = CAUSE_EVENTS.get(msg.cause)
    events = (Event(name, detail(msg)),) if name and msg.version not in state.seen else ()
    if msg.version <= state.payment_version:
        return Outcome(events=events) if events else NOTHING
    if msg.payment_status == "paid" and state.payment_status != "paid":
        events += (Event("paid", detail(msg)),)
    return Outcome({"payment_status": msg.payment_status, "payment_version": msg.version}, events)


def detail(msg: ReceivableUpdated) -> dict[str, Any]:
    """What the timeline shows of a change: the payment (if any) and the figures after it."""
    return {VERSION_KEY: msg.version, "cause": msg.cause, "payment_id": msg.payment_id,
            "payment_status": msg.payment_status, "total": str(msg.total), "paid_amount": str(msg.paid_amount),
            "credited_amount": str(msg.credited_amount), "balance": str(msg.balance), "at": msg.at.isoformat()}
