"""payment_status and the payments timeline from payments.receivable_updated, without a database:
newer versions only, duplicates, out-of-order versions, `paid` once."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal as D

import pytest

from services.documents.process.receivable import NOTHING, PaymentState, on_receivable_updated
from services.documents.process.state import Outcome
from shared.contracts.payments import ReceivableUpdated

pytestmark = pytest.mark.unit
AT = datetime(2026, 2, 22, 15, 0, tzinfo=timezone.utc)


def updated(version: int, cause: str = "payment_registered", status: str = "partial", paid: str = "10",
            balance: str = "36", payment_id: int | None = 9, credited: str = "0") -> ReceivableUpdated:
    return ReceivableUpdated(document_id=7, version=version, cause=cause, total=D("46"), paid_amount=D(paid),
                             credited_amount=D(credited), balance=D(balance), payment_status=status,
                             payment_id=payment_id, at=AT)


def apply(state: PaymentState, msg: ReceivableUpdated) -> tuple[PaymentState, list[str]]:
    """Apply like the handler does: columns, and the versions the timeline then holds."""
    out = on_receivable_updated(state, msg)
    seen = state.seen | {e.detail["receivable_version"] for e in out.events}
    return PaymentState(out.changes.get("payment_status", state.payment_status),
                        out.changes.get("payment_version", state.payment_version), frozenset(seen)), \
        [e.name for e in out.events]


def test_a_payment_sets_the_status_and_the_timeline_says_which_payment_and_the_balance():
    out = on_receivable_updated(PaymentState(), updated(2))
    assert out.changes == {"payment_status": "partial", "payment_version": 2}
    [event] = out.events
    assert event.name == "payment_registered"
    assert (event.detail["payment_id"], event.detail["balance"], event.detail["paid_amount"]) == (9, "36", "10")
    assert out.commands == ()


def test_opened_sets_the_version_without_a_timeline_entry():
    out = on_receivable_updated(PaymentState(), updated(1, "opened", "pending", "0", "46", None))
    assert out.changes == {"payment_status": "pending", "payment_version": 1} and out.events == ()


def test_paid_is_on_the_timeline_once_when_the_status_becomes_paid():
    state, names = apply(PaymentState("partial", 2, frozenset({2})), updated(3, status="paid", paid="46", balance="0"))
    assert (state.payment_status, names) == ("paid", ["payment_registered", "paid"])
    state, names = apply(state, updated(4, "payment_reversed", "partial", "10", "36"))
    assert (state.payment_status, names) == ("partial", ["payment_reversed"])
    state, names = apply(state, updated(5, status="paid", paid="46", balance="0", payment_id=11))
    assert names == ["payment_registered", "paid"]  # paid again after the reversal
    assert on_receivable_updated(PaymentState("paid", 5), updated(6, "closed", "paid", "46", "0", None)) == \
        Outcome({"payment_status": "paid", "payment_version": 6})  # still paid: no second `paid`


@pytest.mark.parametrize("cause,event", [("payment_reversed", "payment_reversed"), ("credit_note", "credit_applied"),
                                         ("debit_note", "debit_applied"), ("moved", "payments_moved")])
def test_every_cause_has_its_timeline_event(cause, event):
    out = on_receivable_updated(PaymentState(), updated(1, cause, "pending", "0", "46", None))
    assert [e.name for e in out.events] == [event] and out.events[0].detail["cause"] == cause


def test_a_duplicate_changes_nothing():
    state, _ = apply(PaymentState(), updated(2))
    assert on_receivable_updated(state, updated(2)) is NOTHING
    closed = PaymentState("pending", 3, frozenset({2}))  # v3 had no timeline entry (closed)
    assert on_receivable_updated(closed, updated(3, "closed", "pending", "0", "46", None)) is NOTHING


def test_out_of_order_versions_never_move_the_status_back_but_keep_every_payment_on_the_timeline():
    """v3 (paid) is applied before v2 (partial): the status stays paid, v2's payment still shows once."""
    first = updated(2, payment_id=9)
    second = updated(3, status="paid", paid="46", balance="0", payment_id=10)
    state, names = apply(PaymentState("pending", 1), second)
    assert (state.payment_status, state.payment_version, names) == ("paid", 3, ["payment_registered", "paid"])
    late = on_receivable_updated(state, first)
    assert late.changes == {} and [e.name for e in late.events] == ["payment_registered"]
    assert late.events[0].detail["payment_id"] == 9
    state, _ = apply(state, first)
    assert on_receivable_updated(state, first) is NOTHING  # and its redelivery is a duplicate


def test_in_any_order_the_end_state_is_the_newest_version():
    msgs = [updated(1, "opened", "pending", "0", "46", None), updated(2), updated(3, status="paid", paid="46",
                                                                                     balance="0", payment_id=10),
            updated(4, "payment_reversed", "partial", "10", "36", 10)]
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1, 3, 2]):
        state, timeline = PaymentState(), []
        for i in order:
            state, names = apply(state, msgs[i])
            timeline += names
        assert (state.payment_status, state.payment_version) == ("partial", 4)
        assert sorted(n for n in timeline if n != "paid") == ["payment_registered", "payment_registered",
                                                              "payment_reversed"]
