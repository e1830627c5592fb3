"""inventory's wiring: the durable queues it consumes keep today's names and bindings."""
import pytest

from services.inventory.app import SPEC

pytestmark = pytest.mark.unit


def test_queue_names_and_bindings_are_unchanged():
    consumed = SPEC.consumed()
    assert [s.queue.name for s in consumed] == [
        "inventory.on_invoice_recorded", "inventory.on_credit_note_recorded", "inventory.on_document_cancelled"]
    assert [s.queue.bindings for s in consumed] == [
        (("events", "documents.invoice_recorded.v1"),), (("events", "documents.credit_note_recorded.v1"),),
        (("events", "documents.document_cancelled.v1"),)]


def test_every_rpc_method_is_still_answered():
    assert sorted(SPEC.rpc) == sorted([
        "products.create", "products.list", "products.get", "products.update", "products.delete",
        "products.resolve", "lookups.products", "warehouses.create", "warehouses.list", "warehouses.get",
        "warehouses.update", "movements.create", "movements.list", "movements.get", "stock.list",
        "reservations.create", "reservations.release", "kardex.get", "reports.inventory"])
