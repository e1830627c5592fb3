"""The payments read side's entries of the API reference (merged into catalog.py's SUMMARIES, NOTES
and QUERY): GET /payments, GET /payments/lookups/documents, GET /reports/receivables."""
from __future__ import annotations

from services.gateway.openapi.reports import CSV_NOTE, FORMAT
from shared.contracts.documents.queries import MAX_SEARCH_LENGTH, PAYMENT_STATUSES

_SEARCH = ("series (`001-001`), number (`120`, `000000120`, `001-001-000000120`) or part of the customer's "
           "name (ignoring case and accents)")

SUMMARIES: dict[str, str] = {
    "payments.list": "Documents to collect, the newest payments and one selected document's balance",
    "lookups.documents": "Documents with a balance, for the collection screen (Select2)",
    "reports.receivables": "Receivables aging per customer as of a date (JSON or CSV)",
}

NOTES: dict[str, str] = {
    "payments.list": "`{data, recent_payments, meta, selected_document}`. `data`: issued invoices, sales orders and "
                     "debit notes that can be collected (cancelled and converted ones are left out), newest issue "
                     "date first, money as strings with 4 decimals. `recent_payments`: the 10 newest payments "
                     "(applied or reversed) of the company, or of the selected document. `selected_document` "
                     "(`{id, series, number, total, paid_amount, balance, available_advance}`, JSON numbers) is "
                     "null without `document_id`; 404 when that document cannot be collected.",
    "lookups.documents": "`{\"results\": [{\"id\": 120, \"text\": \"001-001-000000120 | Cliente Demo | Saldo "
                         "$36.00\"}], \"pagination\": {\"more\": false}}`: 20 per page, only documents with a "
                         "balance above 0 (money as on the RIDE: `$1,234.50`).",
    "reports.receivables": "Per customer, what each open document owed on `as_of` (payments dated after it "
                           "and reversed payments do not count) by days past its due date (its issue date without "
                           "one): `current` (not yet due), `days_0_30`, `days_31_60`, `days_61_90`, "
                           "`days_90_plus`, and `total`; largest debt first, `totals` adds them up. " + CSV_NOTE,
}

QUERY: dict[str, list[tuple[str, dict, str]]] = {
    "payments.list": [
        ("type", {"type": "string", "enum": ["invoice", "sales_order", "debit_note", "sales_note"]},
         "document type (`sales_note` is an alias of `sales_order`)"),
        ("status", {"type": "string", "enum": list(PAYMENT_STATUSES)}, "payment status"),
        ("search", {"type": "string", "maxLength": MAX_SEARCH_LENGTH}, _SEARCH),
        ("document_id", {"type": "integer", "minimum": 1},
         "selects one document: `selected_document` and its `recent_payments`")],
    "lookups.documents": [
        ("q", {"type": "string", "maxLength": MAX_SEARCH_LENGTH}, _SEARCH),
        ("page", {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}, "page of 20 results")],
    "reports.receivables": [
        ("as_of", {"type": "string", "format": "date"}, "the report date (YYYY-MM-DD); default: today (Ecuador)"),
        ("customer_id", {"type": "integer", "minimum": 1}, "one customer"),
        FORMAT],
}
