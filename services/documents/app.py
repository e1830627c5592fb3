"""The documents service: migrations, RPC methods and consumed events."""
from pathlib import Path

from services.documents import handlers, handlers_documents as docs, handlers_invoices as invoices
from services.documents import handlers_notes as notes, handlers_process as process, handlers_sri as sri
from services.documents import progress
from shared.contracts.envelope import routing_key_for
from shared.messaging.topology import EVENTS, QueueSpec
from shared.runtime.runner import ServiceSpec


def on_event(handler: str, event: str) -> QueueSpec:
    """Queue `documents.<handler>` bound to the event `event` v1."""
    return QueueSpec(name=f"documents.{handler}", bindings=((EVENTS, routing_key_for(event, 1)),))


COMPANY_UPDATED = on_event("on_company_updated", "gateway.company_updated")
NUMBER_ALLOCATED = on_event("on_number_allocated", "sequencing.number_allocated")
NUMBER_REJECTED = on_event("on_number_rejected", "sequencing.number_rejected")
STOCK_APPLIED = on_event("on_stock_applied", "inventory.stock_applied")
SRI_PROGRESSED = on_event("on_sri_progressed", "sri.submission_progressed")
SRI_AUTHORIZED = on_event("on_sri_authorized", "sri.document_authorized")
SRI_REJECTED = on_event("on_sri_rejected", "sri.document_rejected")

SPEC = ServiceSpec(
    name="documents",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "customers.create": handlers.create_customer,
        "customers.list": handlers.list_customers,
        "customers.get": handlers.get_customer,
        "customers.update": handlers.update_customer,
        "customers.delete": handlers.delete_customer,
        "lookups.customers": handlers.lookup_customers,
        "companies.get": handlers.get_company,
        "documents.list": docs.list_documents,
        "documents.get": docs.get_document,
        "documents.events": docs.document_events,
        "documents.cancel": docs.cancel_document,
        "documents.issue": invoices.issue_document,
        "invoices.create": invoices.create_invoice,
        "sales_orders.create": invoices.create_sales_order,
        "quotations.create": invoices.create_quotation,
        "credit_notes.create": notes.create_credit_note,
        "debit_notes.create": notes.create_debit_note,
    },
    long_running=frozenset({"invoices.create", "sales_orders.create", "quotations.create", "credit_notes.create",
                            "debit_notes.create", "documents.issue"}),
    subscriptions=[
        (COMPANY_UPDATED, handlers.handle_company_updated),
        (NUMBER_ALLOCATED, process.handle_number_allocated),
        (NUMBER_REJECTED, process.handle_number_rejected),
        (STOCK_APPLIED, process.handle_stock_applied),
        (SRI_PROGRESSED, sri.handle_submission_progressed),
        (SRI_AUTHORIZED, sri.handle_document_authorized),
        (SRI_REJECTED, sri.handle_document_rejected),
    ],
    background=[progress.listen],
)
