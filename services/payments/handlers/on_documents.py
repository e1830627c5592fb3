"""Consumers of documents' events (queues `payments.<handler name>`): receivables opened, credited,
moved and closed; sequencing's number for search and lookups."""
from __future__ import annotations

from services.payments.db import receivables
from services.payments.process import closing, credits, receivables as process
from shared.contracts.documents.events import (CreditNoteRecorded, DebitNoteRecorded, DocumentCancelled,
                                               InvoiceRecorded, SalesOrderRecorded)
from shared.contracts.sequencing import NumberAllocated
from shared.db.outbox import Outbox


async def on_invoice_recorded(msg: InvoiceRecorded, *, conn, outbox: Outbox, company_id: int) -> None:
    """The receivable, the converted sales order's payments, the initial payment."""
    await process.document_recorded(conn, outbox, company_id, msg)


async def on_sales_order_recorded(msg: SalesOrderRecorded, *, conn, outbox: Outbox, company_id: int) -> None:
    """The receivable and the deposit registered at issue."""
    await process.document_recorded(conn, outbox, company_id, msg)


async def on_debit_note_recorded(msg: DebitNoteRecorded, *, conn, outbox: Outbox, company_id: int) -> None:
    """A debit note is collected on its own: its own receivable for its own total."""
    await process.open_receivable(conn, outbox, company_id, msg)


async def on_credit_note_recorded(msg: CreditNoteRecorded, *, conn, outbox: Outbox, company_id: int) -> None:
    """The source invoice's balance down; the excess a customer advance (retried until the invoice is known)."""
    await credits.credit_note_recorded(conn, outbox, company_id, msg)


async def on_document_cancelled(msg: DocumentCancelled, *, conn, outbox: Outbox, company_id: int) -> None:
    await closing.cancelled(conn, outbox, company_id, msg.document_id, msg.document_type)


async def on_number_allocated(msg: NumberAllocated, *, conn, company_id: int) -> None:
    """The number on the receivable (or a placeholder, when it comes before the recorded event)."""
    if msg.document_type in receivables.COLLECTABLE_TYPES:
        await receivables.set_number(conn, company_id, msg.document_id, msg.series, msg.number, msg.display_number)
