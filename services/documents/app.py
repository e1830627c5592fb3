"""The documents service: migrations, RPC methods, consumed events and the progress listener."""
from pathlib import Path

from services.documents.db.gauges import document_states
from services.documents.handlers import companies, customers, documents, invoices, notes, reports
from services.documents.handlers.on_number_result import on_number_allocated, on_number_rejected
from services.documents.handlers.on_receivable_updated import on_receivable_updated
from services.documents.handlers.on_renderer_result import on_document_mailed, on_document_rendered, on_mail_failed
from services.documents.handlers.on_sri_result import on_sri_authorized, on_sri_progressed, on_sri_rejected
from services.documents.handlers.on_stock_applied import on_stock_applied
from services.documents.process import progress
from shared.db.request_keys import purge_request_keys
from shared.runtime.runner import ServiceSpec

SPEC = ServiceSpec(
    name="documents",
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "customers.create": customers.create_customer,
        "customers.list": customers.list_customers,
        "customers.get": customers.get_customer,
        "customers.update": customers.update_customer,
        "customers.delete": customers.delete_customer,
        "lookups.customers": customers.lookup_customers,
        "companies.get": companies.get_company,
        "documents.list": documents.list_documents,
        "documents.get": documents.get_document,
        "documents.events": documents.document_events,
        "documents.cancel": documents.cancel_document,
        "documents.email": documents.email_document,
        "documents.issue": invoices.issue_document,
        "invoices.create": invoices.create_invoice,
        "sales_orders.create": invoices.create_sales_order,
        "quotations.create": invoices.create_quotation,
        "credit_notes.create": notes.create_credit_note,
        "debit_notes.create": notes.create_debit_note,
        "reports.sales": reports.sales_report,
        "reports.taxes": reports.taxes_report,
    },
    long_running=frozenset({"invoices.create", "sales_orders.create", "quotations.create", "credit_notes.create",
                            "debit_notes.create", "documents.issue"}),
    # queue documents.<handler name>, bound to the contract of its annotation (shared/messaging/subscribe.py)
    subscriptions=[companies.on_company_updated, on_number_allocated, on_number_rejected, on_stock_applied,
                   on_sri_progressed, on_sri_authorized, on_sri_rejected, on_document_rendered, on_document_mailed,
                   on_mail_failed, on_receivable_updated],
    background=[progress.listen, purge_request_keys, document_states],
)
