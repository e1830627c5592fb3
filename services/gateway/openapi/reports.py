"""The reports' entries of the API reference (merged into catalog.py's SUMMARIES, NOTES and QUERY).

A route flagged `csv` (routes.Forward) also answers CSV: its QUERY lists FORMAT and its note
ends with CSV_NOTE (views/csv_export.py renders the JSON's `columns`, `data` and `totals`).
"""
from __future__ import annotations

from shared.contracts.documents.queries import SRI_STATUSES

CSV_NOTE = ("`?format=csv` or `Accept: text/csv`: the same report as `text/csv; charset=utf-8` (UTF-8 with BOM, "
            "comma-separated, decimal point), an attachment with a header row, one row per `data` item and the "
            "totals row.")
FORMAT = ("format", {"type": "string", "enum": ["json", "csv"], "default": "json"},
          "`csv`: answer `text/csv` (an attachment); also chosen by `Accept: text/csv`")
PERIOD = [("from", {"type": "string", "format": "date"}, "first day (YYYY-MM-DD); default: the current month"),
          ("to", {"type": "string", "format": "date"},
           "last day (YYYY-MM-DD; not before `from`, at most 366 days; default: the end of `from`'s month)"),
          ("sri_status", {"type": "string", "enum": list(SRI_STATUSES)},
           "only documents in this SRI status (`authorized` for the declaration); default: every issued one")]

SUMMARIES: dict[str, str] = {
    "reports.sales": "Sales report: net sales per day, month, customer or product (JSON or CSV)",
    "reports.taxes": "IVA report: bases and IVA per rate and the Formulario 104 lines (JSON or CSV)",
}

NOTES: dict[str, str] = {
    "reports.sales": "Issued invoices and debit notes minus credit notes (drafts, cancelled documents, sales "
                     "orders and quotations never count), by issue date; every amount is net. `data` has one row "
                     "per group, `totals` the period, `columns` the CSV's columns. " + CSV_NOTE,
    "reports.taxes": "Per IVA code (0%, 5%, 8%, 12%, 13%, 14%, 15%, no objeto, exento): base and IVA of the "
                     "invoices and debit notes, of the credit notes, and the net; `form_104`: the casilleros of "
                     "Formulario 104's sales summary (valor bruto, valor neto, impuesto generado). Figures are the "
                     "documents' own per-rate totals: they add up to the documents to the cent. " + CSV_NOTE,
}

QUERY: dict[str, list[tuple[str, dict, str]]] = {
    "reports.sales": [*PERIOD, ("group_by", {"type": "string", "enum": ["day", "month", "customer", "product"],
                                             "default": "day"}, "one row per day, month, customer or product"),
                      FORMAT],
    "reports.taxes": [*PERIOD, FORMAT],
}
