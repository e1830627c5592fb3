"""The kinds of sales document and what the issuance flow does for each (pure data)."""
from __future__ import annotations

from dataclasses import dataclass

from shared.contracts.documents import CreditNoteRecorded, DebitNoteRecorded, InvoiceRecorded, SalesOrderRecorded


@dataclass(frozen=True)
class Kind:
    type: str
    label: str            # Spanish name, for messages
    created: str          # message of the 201 reply
    stock: bool           # reserves stock at issue (invoices)
    sri: bool             # sent to the SRI once numbered
    final_consumer: bool  # may be issued to consumidor final
    recorded: type | None = None  # event published when recorded as issued
    receivable: bool = False      # issued, payments keeps a receivable for it (collected, cancel guard)


INVOICE = Kind("invoice", "Factura", "Factura creada correctamente.", stock=True, sri=True, final_consumer=True,
               recorded=InvoiceRecorded, receivable=True)
SALES_ORDER = Kind("sales_order", "Pedido de venta", "Pedido de venta creado correctamente.", stock=False,
                   sri=False, final_consumer=True, recorded=SalesOrderRecorded, receivable=True)
QUOTATION = Kind("quotation", "Cotización", "Cotización creada correctamente.", stock=False, sri=False,
                 final_consumer=True)
CREDIT_NOTE = Kind("credit_note", "Nota de crédito", "Nota de crédito creada correctamente.", stock=False,
                   sri=True, final_consumer=False, recorded=CreditNoteRecorded)
DEBIT_NOTE = Kind("debit_note", "Nota de débito", "Nota de débito creada correctamente.", stock=False, sri=True,
                  final_consumer=False, recorded=DebitNoteRecorded, receivable=True)

KINDS = {k.type: k for k in (INVOICE, SALES_ORDER, QUOTATION, CREDIT_NOTE, DEBIT_NOTE)}
# accepted spelling of the `type` filter -> canonical type (`sales_note` is the published alias)
TYPE_ALIASES = {**{t: t for t in KINDS}, "sales_note": "sales_order"}
STATUSES = {s: s for s in ("draft", "issued", "cancelled")}
# a source document converts into these types (sales order / quotation -> invoice, quotation -> order)
CONVERSIONS = {"sales_order": ("invoice",), "quotation": ("invoice", "sales_order")}
