"""The documents ServiceSpec: the durable queues of a running installation keep their names."""
import pytest

from services.documents.app import SPEC

pytestmark = pytest.mark.unit


def test_queue_names_and_bindings_are_todays():
    consumed = SPEC.consumed()
    assert [s.queue.name for s in consumed] == [
        "documents.on_company_updated", "documents.on_number_allocated", "documents.on_number_rejected",
        "documents.on_stock_applied", "documents.on_sri_progressed", "documents.on_sri_authorized",
        "documents.on_sri_rejected", "documents.on_document_rendered", "documents.on_document_mailed",
        "documents.on_mail_failed", "documents.on_receivable_updated"]
    assert [s.queue.bindings for s in consumed] == [(("events", f"{t}.v1"),) for t in (
        "gateway.company_updated", "sequencing.number_allocated", "sequencing.number_rejected",
        "inventory.stock_applied", "sri.submission_progressed", "sri.document_authorized", "sri.document_rejected",
        "renderer.document_rendered", "renderer.document_mailed", "renderer.mail_failed",
        "payments.receivable_updated")]


def test_waiting_creates_are_long_running():
    assert SPEC.long_running == {"invoices.create", "sales_orders.create", "quotations.create",
                                 "credit_notes.create", "debit_notes.create", "documents.issue"}
