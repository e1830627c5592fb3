"""The payments service: receivables, collections and customer advances. Its schema's migrations,
the RPC methods it answers, the events it consumes (queue `payments.<handler name>`, binding from
the handler's annotation) and the purge of remembered request keys."""
from pathlib import Path

from services.payments.handlers import advances, on_documents, payments, receivables
from services.payments.handlers import lookups, queries, reports
from shared.db.request_keys import purge_request_keys
from shared.messaging.subscribe import subscription
from shared.runtime.runner import ServiceSpec

NAME = "payments"
# a credit note may be consumed before its invoice's recorded event: retried for up to ~16 minutes
CREDIT_RETRY_DELAYS_MS = (1_000, 5_000, 30_000, 120_000, 300_000, 600_000)

SPEC = ServiceSpec(
    name=NAME,
    migrations=Path(__file__).with_name("migrations"),
    rpc={
        "payments.create": payments.create_payment,
        "payments.get": payments.get_payment,
        "payments.reverse": payments.reverse_payment,
        "customers.advances": advances.customer_advances,
        "receivables.close": receivables.close_receivable,
        # the read side: GET /payments, its documents lookup, the receivables report
        "payments.list": queries.list_receivables,
        "lookups.documents": lookups.documents_lookup,
        "reports.receivables": reports.receivables_report,
    },
    subscriptions=[
        on_documents.on_invoice_recorded,
        on_documents.on_sales_order_recorded,
        on_documents.on_debit_note_recorded,
        subscription(NAME, on_documents.on_credit_note_recorded, retry_delays_ms=CREDIT_RETRY_DELAYS_MS),
        on_documents.on_document_cancelled,
        on_documents.on_number_allocated,
    ],
    background=[purge_request_keys],
)
