"""The answers of documents' calls (services/documents/views/): customers, the sales documents
(list, detail, create and issue, timeline, cancel, e-mail) and the accountant's reports.

Part A's shapes (API.md) keep their published component names and examples: DocumentPage,
DocumentRow, DocumentDetail, DocumentCreated, CustomerLookupPage. List and detail carry
decimals as strings (Money, Quantity, Rate); the create answers money as a JSON number (Cents).
"""
from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, RootModel

from shared.contracts.answers import (AccessKey, Answer, Cents, Day, Money, Number9, Quantity, Rate, Series,
                                      Timestamp, list_of, page_of, saved)

DocumentType = Literal["invoice", "sales_order", "quotation", "credit_note", "debit_note"]
DocumentStatus = Literal["draft", "issued", "cancelled"]
SriStatus = Literal["pending", "sending", "received", "authorized", "rejected", "error", "not_applicable"]
MailStatus = Literal["pending", "sent", "failed", "skipped"]
PaymentStatus = Literal["pending", "partial", "paid"]
ProcessState = Literal["draft", "numbering", "numbered", "failed", "cancelled"]
IdentificationType = Literal["ruc", "cedula", "pasaporte", "consumidor_final", "exterior"]

_SERIES = "`EEE-PPP`; null while a draft has none"
_NUMBER = "9 digits zero-padded; null until the document is numbered"
_ACCESS_KEY = "the SRI's clave de acceso (49 digits); null until sri_submitter made it"
_AUTHORIZATION = "the SRI's authorization number; null until authorized"


# customers (views/customers.py)

class Customer(Answer):
    """A customer of the company (views/customers.py: customer)."""

    id: int
    code: str = Field(description="the company's code, `CLI-0001` when none was given")
    name: str
    identification_type: IdentificationType
    identification: str
    ruc: str | None = Field(description="the identification when its type is `ruc`, else null")
    cedula: str | None = Field(description="the identification when its type is `cedula`, else null")
    email: str | None
    phone: str | None
    address: str | None
    active: bool = Field(description="false once deleted (soft delete: its documents keep it)")
    created_at: Timestamp
    updated_at: Timestamp


CustomerPage = page_of(Customer)
CustomerSaved = saved(Customer)


class CustomerLookup(Answer):
    """An active customer for autocomplete (views/customers.py: customer_lookup)."""

    id: int
    name: str
    identification: str
    ruc: str | None = Field(description="the identification when its type is `ruc`, else null")
    cedula: str | None = Field(description="the identification when its type is `cedula`, else null")
    code: str


CustomerLookupPage = page_of(CustomerLookup, "CustomerLookupPage")
CustomerLookupPage.EXAMPLE = {
    "data": [{"id": 2, "name": "Cliente Demo", "identification": "0999999999", "ruc": None,
              "cedula": "0999999999", "code": "CLI-0002"}],
    "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}


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


# reports (views/reports.py)

class ReportPeriodMeta(Answer):
    from_: Day = Field(alias="from", description="the period's first day")
    to: Day = Field(description="the period's last day (inclusive)")
    sri_status: SriStatus | None = Field(description="the `sri_status` filter; null: every issued document")
    currency: Literal["USD"]
    file_name: str = Field(description="the CSV's file name")


class _Figures(Answer):
    """Counts per document type and amounts net of credit notes (they subtract)."""

    documents: int = Field(description="invoices + debit_notes + credit_notes")
    invoices: int
    debit_notes: int
    credit_notes: int
    subtotal: Money = Field(description="bases without taxes, after discounts")
    discount: Money
    tax: Money = Field(description="IVA")
    total: Money


class SalesFigures(_Figures):
    """Counts per document type and amounts net of credit notes (they subtract)."""

    tip: Money = Field(description="propina")


class ProductSalesFigures(_Figures):
    """Counts and amounts of the lines of a product (no tip: no line carries it)."""

    quantity: Quantity = Field(description="quantity sold, net of credited quantities")


class SalesByDayRow(SalesFigures):
    date: Day


class SalesByMonthRow(SalesFigures):
    month: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2026-02"])


class SalesByCustomerRow(SalesFigures):
    customer_id: int | None = Field(description="null for consumidor final (and other buyers without a customer)")
    identification: str
    name: str = Field(description="as on the customer's newest document of the period")


class SalesByProductRow(ProductSalesFigures):
    product_id: int | None = Field(description="null: free-text lines, grouped by their description")
    product_code: str | None
    description: str = Field(description="as on the product's newest line of the period")


SalesColumnKey = Literal["date", "month", "customer_id", "identification", "name", "product_id", "product_code",
                         "description", "quantity", "invoices", "debit_notes", "credit_notes", "subtotal",
                         "discount", "tax", "tip", "total"]


class SalesReportColumn(Answer):
    key: SalesColumnKey = Field(description="a key of the rows")
    label: str = Field(description="the CSV header (Spanish)")


class SalesReportMeta(ReportPeriodMeta):
    group_by: Literal["day", "month", "customer", "product"]


class SalesReportByDay(Answer):
    """`group_by=day` (default): one row per issue date."""

    data: list[SalesByDayRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByMonth(Answer):
    """`group_by=month`: one row per month."""

    data: list[SalesByMonthRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByCustomer(Answer):
    """`group_by=customer`: one row per customer, the largest net total first."""

    data: list[SalesByCustomerRow]
    totals: SalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReportByProduct(Answer):
    """`group_by=product`: one row per product (from the lines), the largest net total first."""

    data: list[SalesByProductRow]
    totals: ProductSalesFigures
    columns: list[SalesReportColumn]
    meta: SalesReportMeta


class SalesReport(RootModel[SalesReportByDay | SalesReportByMonth | SalesReportByCustomer | SalesReportByProduct]):
    """GET /reports/sales: invoices and debit notes minus credit notes of the period, by `meta.group_by`;
    the rows' keys depend on it (`columns` lists them in order; also as CSV)."""

    EXAMPLE: ClassVar[dict[str, Any] | None] = None
    model_config = ConfigDict(strict=True)


class TaxAmounts(Answer):
    """Sales (invoices and debit notes), credit notes and the net, at an IVA rate or in total."""

    sales_documents: int = Field(description="invoices and debit notes (in `totals`: each document once)")
    sales_base: Money
    sales_tax: Money
    credit_documents: int = Field(description="credit notes (in `totals`: each document once)")
    credit_base: Money
    credit_tax: Money
    net_base: Money = Field(description="sales_base - credit_base")
    net_tax: Money = Field(description="sales_tax - credit_tax")


class TaxRateRow(TaxAmounts):
    code: str = Field(description="the SRI's codigoPorcentaje of the IVA", examples=["4"])
    label: str = Field(examples=["IVA 15%"])
    rate: Rate = Field(description="IVA percent")
    form_104: str | None = Field(description="the Formulario 104 casilleros it goes to (gross/net/tax)",
                                 examples=["401/411/421"])


class Form104Casilleros(Answer):
    gross: str = Field(description="valor bruto", examples=["401"])
    net: str = Field(description="valor neto", examples=["411"])
    tax: str | None = Field(description="impuesto generado; null where no IVA is generated", examples=["421"])


class Form104Line(Answer):
    """A line of the form's sales summary, with zeros where the period had nothing."""

    label: str = Field(description="the line as the form names it (Spanish)")
    casilleros: Form104Casilleros
    gross: Money
    net: Money
    tax: Money | None = Field(description="null where the line has no tax casillero")


TaxColumnKey = Literal["code", "label", "rate", "form_104", "sales_documents", "sales_base", "sales_tax",
                       "credit_documents", "credit_base", "credit_tax", "net_base", "net_tax"]


class TaxReportColumn(Answer):
    key: TaxColumnKey = Field(description="a key of the rows")
    label: str = Field(description="the CSV header (Spanish)")


class TaxReportMeta(ReportPeriodMeta):
    not_authorized: int = Field(description="documents of the period the SRI has not authorized (yet or at all)")
    notes: list[str] = Field(description="how to read the figures (Spanish)")


class TaxReport(Answer):
    """GET /reports/taxes: IVA bases and amounts per rate (credit notes subtracted) and the Formulario 104
    lines they go to (also as CSV: `data` and `totals`)."""

    data: list[TaxRateRow]
    totals: TaxAmounts
    columns: list[TaxReportColumn]
    form_104: list[Form104Line]
    meta: TaxReportMeta


ANSWERS: dict[str, type[Answer]] = {
    "lookups.customers": CustomerLookupPage,
    "customers.list": CustomerPage,
    "customers.create": CustomerSaved,
    "customers.get": Customer,
    "customers.update": CustomerSaved,
    "customers.delete": CustomerSaved,
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
    "reports.sales": SalesReport,  # type: ignore[dict-item]
    "reports.taxes": TaxReport,
}
