"""documents' facts that move stock: queues inventory.on_invoice_recorded,
inventory.on_credit_note_recorded and inventory.on_document_cancelled (the handler's
name is the queue's; its annotation is the binding)."""
from __future__ import annotations

from services.inventory.process import document_stock
from shared.contracts.documents import CreditNoteRecorded, DocumentCancelled, InvoiceRecorded
from shared.db.inbox import Claim
from shared.db.outbox import Outbox


async def on_invoice_recorded(msg: InvoiceRecorded, *, conn, inbox: Claim, outbox: Outbox,
                              company_id: int) -> None:
    await document_stock.apply_invoice(conn, inbox, outbox, company_id, msg)


async def on_credit_note_recorded(msg: CreditNoteRecorded, *, conn, inbox: Claim, outbox: Outbox,
                                  company_id: int) -> None:
    await document_stock.apply_credit_note(conn, inbox, outbox, company_id, msg)


async def on_document_cancelled(msg: DocumentCancelled, *, conn, inbox: Claim, outbox: Outbox,
                                company_id: int) -> None:
    await document_stock.cancel(conn, inbox, outbox, company_id, msg)
