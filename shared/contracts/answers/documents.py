"""The answers of documents' sales document calls (services/documents/views/documents.py): list,
detail, create and issue, timeline, cancel, e-mail. Customers: customers.py; reports: sales_reports.py.

Part A's shapes (API.md) keep their published component names and examples: DocumentPage,
DocumentRow, DocumentDetail, DocumentCreated. List and detail carry
decimals as strings (Money, Quantity, Rate); the create answers money as a JSON number (Cents).
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from shared.contracts.answers import (AccessKey, Answer, Cents, Day, DocumentStatus, DocumentType,
                                      IdentificationType, MailStatus, Money, Number9, PaymentStatus, ProcessState,
                                      Quantity, Rate, Series, SriStatus, Timestamp, list_of, saved)

_SERIES = "`EEE-PPP`; null while a draft has none"
_NUMBER = "9 digits zero-padded; null until the document is numbered"
_ACCESS_KEY = "the SRI's clave de acceso (49 digits); null until sri_submitter made it"
_AUTHORIZATION = "the SRI's authorization number; null until authorized"


# sales documents (views/documents.py)

class DocumentRow(Answer):
    """A sales document in a list (views/documents.py: list_item)."""

    id: int
    type: DocumentType
    series: Series | None = Field(description=_SERIES)
    number: Number9 | None = Field(description=_NUMBER)
    status: DocumentStatus
    sri_status: SriStatus = Field(description="`not_applicable` for sales orders and quotations")
    payment_status: PaymentStatus
    total: Money


class DocumentPage(Answer):
    """GET /documents: Laravel's paginator keys beside `data` (API.md Part A), no `meta`."""

    EXAMPLE = {"current_page": 1, "per_page": 20, "last_page": 1, "total": 1, "data": [{
        "id": 100, "type": "invoice", "series": "001-001", "number": "000000321", "status": "issued",
        "sri_status": "authorized", "payment_status": "pending", "total": "46.0000"}]}

    current_page: int
    data: list[DocumentRow]
    per_page: int
    last_page: int
    total: int = Field(description="documents matching the filters, on every page")


class DocumentCustomer(Answer):
    """The buyer as recorded on the document (a snapshot: later edits of the customer do not change it)."""

    id: int | None = Field(description="the customer's id; null for consumidor final")
    name: str
    identification: str = Field(description="`9999999999999` for consumidor final")
    identification_type: IdentificationType
    email: str | None
    address: str | None


class DocumentItem(Answer):
    """A line of the document (views/documents.py: item)."""

    id: int
    product_id: int | None = Field(description="null for a free-text line (or a debit note's reason)")
    description: str
    quantity: Quantity
    unit_price: Money
    tax_rate: Rate = Field(description="IVA percent")
    discount: Money = Field(description="the line's discount amount")
    subtotal: Money = Field(description="the line's base: quantity x unit_price - discount")
    tax: Money = Field(description="the line's IVA")
    credited_quantity: Quantity = Field(description="on an invoice line: how much credit notes have credited so far")
    source_line_id: int | None = Field(description="on a credit note line: the invoice line it credits")


class DocumentMail(Answer):
    """`sri_response.mail`: the mail status and what is known of the latest mail request. The keys beside
    `status` are present only when known (absent, never null)."""

    status: MailStatus
    request_id: str | None = Field(None, description="the latest mail request: `auto` for the automatic mail "
                                                     "after authorization, else the id POST /documents/{id}/email "
                                                     "answered; absent when none was made")
    recipients: list[str] | None = Field(None, description="the latest request's addresses; absent when unknown")
    sent_at: Timestamp | None = Field(None, description="when it was sent; present once `status` is `sent`")
    reason: str | None = Field(None, description="why it was skipped or failed (Spanish); absent otherwise")


class DocumentDetailSriResponse(Answer):
    """`sri_response`: the SRI's answer and the mail (API.md Part A: status, mail; and more)."""

    status: SriStatus
    mail: DocumentMail
    access_key: AccessKey | None = Field(description=_ACCESS_KEY)
    authorization_number: str | None = Field(description=_AUTHORIZATION)
    authorized_at: Timestamp | None


class DocumentFiles(Answer):
    """Where the document's files are in the store (GET /documents/{id}/xml and /pdf serve them)."""

    xml_path: str | None = Field(description="the authorized XML; null until authorized")
    pdf_path: str | None = Field(description="the RIDE (PDF); null until rendered")


class DocumentDetail(DocumentRow):
    """GET /documents/{id} (and the cancel's `data`): the same keys for every type; a credit or debit note
    names its invoice in `source_document_id` and its lines' `source_line_id`."""

    # API.md's example (Part A keys, the same values) with the keys the detail adds
    EXAMPLE = {
        "id": 100, "type": "invoice", "series": "001-001", "number": "000000321", "status": "issued",
        "issue_date": "2026-02-25", "sri_status": "authorized", "payment_status": "partial", "total": "46.0000",
        "customer": {"id": 2, "name": "Cliente Demo", "identification": "0999999999",
                     "identification_type": "cedula", "email": "cliente@example.com", "address": "Quito"},
        "items": [{"id": 1, "product_id": 10, "description": "Lapiz HB", "quantity": "2.000",
                   "unit_price": "12.5000", "tax_rate": "15.0000", "discount": "0.0000", "subtotal": "25.0000",
                   "tax": "3.7500", "credited_quantity": "0.000", "source_line_id": None}],
        "sri_response": {"status": "authorized", "mail": {"status": "sent"},
                         "access_key": "2502202601179214673900110010010000003211234567811",
                         "authorization_number": "2502202601179214673900110010010000003211234567811",
                         "authorized_at": "2026-02-25T10:11:15-05:00"},
        "display_number": "001-001-000000321", "due_date": None, "currency": "USD", "subtotal": "40.0000",
        "discount": "0.0000", "tax": "6.0000", "credited_total": "0.0000", "warehouse_id": 1,
        "source_document_id": None, "converted": False, "converted_to_id": None, "process_state": "numbered",
        "mail_status": "sent", "stock_movement_id": 91, "stock_applied_at": "2026-02-25T10:10:22-05:00",
        "files": {"xml_path": "companies/5/documents/sales/xml/2026/02/<access key>.xml",
                  "pdf_path": "companies/5/documents/sales/pdf/2026/02/c5-Factura-001-001-000000321.pdf"},
        "reason": None, "reference": None, "seller_name": None, "order_reference": None, "notes": None,
        "delivered": False, "created_at": "2026-02-25T10:10:20-05:00", "updated_at": "2026-02-25T10:11:16-05:00"}

    issue_date: Day
    customer: DocumentCustomer
    items: list[DocumentItem]
    sri_response: DocumentDetailSriResponse
    display_number: str | None = Field(description="`EEE-PPP-NNNNNNNNN`; null until numbered")
    due_date: Day | None
    currency: str = Field(examples=["USD"])
    subtotal: Money = Field(description="bases without taxes, after discounts")
    discount: Money
    tax: Money = Field(description="IVA")
    credited_total: Money = Field(description="on an invoice: the total of its credit notes not cancelled")
    warehouse_id: int | None
    source_document_id: int | None = Field(description="the document it was converted from, or the invoice a "
                                                        "credit or debit note modifies")
    converted: bool = Field(description="true once converted into another document")
    converted_to_id: int | None = Field(description="the document it was converted into")
    process_state: ProcessState = Field(description="the issuance process: numbering, numbered, failed ...")
    mail_status: MailStatus
    stock_movement_id: int | None = Field(description="inventory's movement, once stock was applied")
    stock_applied_at: Timestamp | None
    files: DocumentFiles
    reason: str | None = Field(description="a credit note's reason (motivo)")
    reference: str | None
    seller_name: str | None
    order_reference: str | None
    notes: str | None
    delivered: bool
    created_at: Timestamp
    updated_at: Timestamp


class DocumentCreatedData(Answer):
    """`data` of a create or issue: the state the issuance process reached within the bounded wait."""

    id: int
    type: DocumentType
    series: Series | None = Field(description=_SERIES)
    number: Number9 | None = Field(description=_NUMBER + " (also when the wait ended before numbering)")
    status: DocumentStatus
    issue_date: Day
    total: Cents
    sri_status: SriStatus
    sri_access_key: AccessKey | None = Field(description=_ACCESS_KEY)
    sri_authorization_number: str | None = Field(description=_AUTHORIZATION)
    sri_authorized_at: Timestamp | None
    mail_status: MailStatus
    files: DocumentFiles
    stock_movement_id: int | None = Field(description="inventory's movement, once stock was applied")
    stock_applied_at: Timestamp | None


class DocumentCreated(Answer):
    """POST /documents/invoices (API.md Part A), the other creates and POST /documents/{id}/issue."""

    EXAMPLE = {"message": "Factura creada correctamente.", "data": {
        "id": 120, "type": "invoice", "series": "001-001", "number": "000000120", "status": "issued",
        "issue_date": "2026-02-22", "total": 34.79, "sri_status": "authorized",
        "sri_access_key": "2202202601179214673900110010010000001201234567813",
        "sri_authorization_number": "2202202601179214673900110010010000001201234567813",
        "sri_authorized_at": "2026-02-22T10:11:15-05:00", "mail_status": "sent",
        "files": {"xml_path": "companies/5/documents/sales/xml/2026/02/<access key>.xml",
                  "pdf_path": "companies/5/documents/sales/pdf/2026/02/c5-Factura-001-001-000000120.pdf"},
        "stock_movement_id": 91, "stock_applied_at": "2026-02-22T10:10:22-05:00"}}

    message: str
    data: DocumentCreatedData


DocumentCancelled = saved(DocumentDetail, "DocumentCancelled")


class DocumentEvent(Answer):
    """A timeline entry (views/documents.py: event)."""

    id: int
    event: str = Field(description="created, numbered, stock_applied, signed, sent, received, authorized, "
                                   "rejected, rendered, mailed, mail_failed, payment_registered, paid, cancelled ...")
    message: str = Field(description="the event in Spanish")
    detail: dict[str, Any] = Field(description="what the event recorded; its keys depend on the event")
    occurred_at: Timestamp


DocumentEventList = list_of(DocumentEvent)


class DocumentMailRequest(Answer):
    """`data` of POST /documents/{id}/email (202): the mail request queued."""

    id: int = Field(description="the document's id")
    mail_status: Literal["pending"]
    request_id: str = Field(description="this request's id (`sri_response.mail.request_id` of the document)")
    recipients: list[str]


DocumentMailQueued = saved(DocumentMailRequest, "DocumentMailQueued")


ANSWERS: dict[str, type[Answer]] = {
    "documents.list": DocumentPage,
    "invoices.create": DocumentCreated,
    "sales_orders.create": DocumentCreated,
    "quotations.create": DocumentCreated,
    "credit_notes.create": DocumentCreated,
    "debit_notes.create": DocumentCreated,
    "documents.events": DocumentEventList,
    "documents.issue": DocumentCreated,
    "documents.cancel": DocumentCancelled,
    "documents.email": DocumentMailQueued,
    "documents.get": DocumentDetail,
}
