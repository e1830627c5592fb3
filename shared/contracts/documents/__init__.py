"""Contracts owned by documents: its events (`events.py`) and the request bodies of its
RPC methods (`requests.py`). Both are importable from here:
`from shared.contracts.documents import InvoiceRecorded, InvoiceIn`."""
from shared.contracts.documents.events import (CreditNoteRecorded, DebitNoteRecorded, DocumentCancelled,
                                               DocumentType, InvoiceRecorded, SalesOrderRecorded, StockLine)
from shared.contracts.documents.requests import (CreditItemIn, CreditNoteIn, CustomerFields, CustomerIn,
                                                 DebitNoteIn, DebitReasonIn, EmailIn, HeaderIn,
                                                 IdentificationType, InvoiceIn, ItemIn, SalesDocumentIn,
                                                 manual_number)

__all__ = ["CreditItemIn", "CreditNoteIn", "CreditNoteRecorded", "CustomerFields", "CustomerIn", "DebitNoteIn",
           "DebitNoteRecorded", "DebitReasonIn", "DocumentCancelled", "DocumentType", "EmailIn", "HeaderIn",
           "IdentificationType", "InvoiceIn", "InvoiceRecorded", "ItemIn", "SalesDocumentIn", "SalesOrderRecorded",
           "StockLine", "manual_number"]
