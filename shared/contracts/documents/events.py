"""Events owned by documents: facts about recorded sales documents.

Consumers: inventory (confirms the stock reservation into a movement, returns
stock for credit notes) and payments (receivables). Quantities and money are
Decimal (strings in JSON).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register

DocumentType = Literal["invoice", "sales_order", "quotation", "credit_note", "debit_note"]


class StockLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    line: int = Field(description="0-based index of the line in the document")
    product_id: int = Field(description="inventory product id")
    quantity: Decimal = Field(gt=0, description="quantity moved")


class _Recorded(Contract):
    document_id: int = Field(description="the document")
    document_type: DocumentType = Field(description="type of the document")
    issue_date: date = Field(description="issue date (company time zone)")
    due_date: date | None = Field(None, description="due date, when the document is collected on credit")
    customer_id: int | None = Field(None, description="customer (None: consumidor final)")
    customer_name: str = Field(description="customer name as printed")
    customer_identification: str | None = Field(None, description="customer RUC, cédula or passport as printed "
                                                "(consumidor final: 9999999999999); None from older producers")
    series: str | None = Field(None, description="EEE-PPP series the number will be allocated in")
    warehouse_id: int | None = Field(None, description="warehouse whose stock moves")
    total: Decimal = Field(description="document total, 2 decimals")
    currency: str = Field("USD", description="ISO currency")
    stock_lines: list[StockLine] = Field(default_factory=list, description="lines that move stock")


@register
class InvoiceRecorded(_Recorded):
    """An invoice was recorded as issued: its reservation (if any) must become a movement,
    and a receivable opens (with the initial payment, if any)."""

    TYPE = "documents.invoice_recorded"
    VERSION = 1
    initial_payment: dict | None = Field(None, description="{amount, date, method, reference, notes} if registered at issue")
    source_document_id: int | None = Field(None, description="the sales order this invoice converts (its payments "
                                           "and receivable move to the invoice); None otherwise")


@register
class SalesOrderRecorded(_Recorded):
    """A sales order was recorded as issued: a receivable opens for it (it may be collected before
    it is invoiced; converted, its payments move to the invoice: InvoiceRecorded.source_document_id)."""

    TYPE = "documents.sales_order_recorded"
    VERSION = 1
    initial_payment: dict | None = Field(None, description="a deposit registered at issue: {amount, date, method, "
                                         "reference, notes}, as on InvoiceRecorded")


@register
class CreditNoteRecorded(_Recorded):
    """A credit note was recorded: it reduces the source invoice's balance and, when
    `return_stock`, returns its stock lines to the warehouse."""

    TYPE = "documents.credit_note_recorded"
    VERSION = 1
    source_document_id: int = Field(description="the invoice being credited")
    return_stock: bool = Field(False, description="return the stock lines to warehouse_id")


@register
class DebitNoteRecorded(_Recorded):
    """A debit note was recorded: it increases what the customer owes on the source invoice."""

    TYPE = "documents.debit_note_recorded"
    VERSION = 1
    source_document_id: int = Field(description="the invoice being debited")


@register
class DocumentCancelled(Contract):
    """A document was cancelled before the SRI authorized it: release what it held."""

    TYPE = "documents.document_cancelled"
    VERSION = 1
    document_id: int
    document_type: DocumentType
