"""payments' wiring: the queues it consumes (names and bindings) and the RPC methods it answers."""
import pytest

from services.payments.app import SPEC

pytestmark = pytest.mark.unit


def test_queues_and_bindings():
    consumed = SPEC.consumed()
    assert {s.queue.name: s.queue.bindings[0][1] for s in consumed} == {
        "payments.on_invoice_recorded": "documents.invoice_recorded.v1",
        "payments.on_sales_order_recorded": "documents.sales_order_recorded.v1",
        "payments.on_debit_note_recorded": "documents.debit_note_recorded.v1",
        "payments.on_credit_note_recorded": "documents.credit_note_recorded.v1",
        "payments.on_document_cancelled": "documents.document_cancelled.v1",
        "payments.on_number_allocated": "sequencing.number_allocated.v1"}
    credit = next(s for s in consumed if s.queue.name == "payments.on_credit_note_recorded")
    assert sum(credit.queue.retry_delays_ms) >= 600_000  # waits for its invoice's recorded event


def test_rpc_methods():
    assert {"payments.create", "payments.get", "payments.reverse", "customers.advances",
            "receivables.close"} <= set(SPEC.rpc)
