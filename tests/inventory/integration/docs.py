"""Building documents' events for the inventory tests, and waiting for inventory's answer."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from shared.contracts.documents import CreditNoteRecorded, DocumentCancelled, InvoiceRecorded, StockLine

APPLIED = "inventory.stock_applied"


def new_document_id() -> int:
    return random.randint(10**6, 2**31 - 1)


def stock_lines(lines) -> list[StockLine]:
    return [StockLine(line=n, product_id=p, quantity=Decimal(str(q))) for n, (p, q) in enumerate(lines)]


def invoice(doc: int, warehouse_id: int | None, lines, **extra) -> InvoiceRecorded:
    return InvoiceRecorded(document_id=doc, document_type="invoice", issue_date=date.today(),
                           customer_name="CONSUMIDOR FINAL", warehouse_id=warehouse_id, total=Decimal("10.00"),
                           stock_lines=stock_lines(lines), **extra)


def credit_note(doc: int, source: int, lines, return_stock=True, warehouse_id=None) -> CreditNoteRecorded:
    return CreditNoteRecorded(document_id=doc, document_type="credit_note", issue_date=date.today(),
                              customer_name="Cliente", warehouse_id=warehouse_id, total=Decimal("1.00"),
                              stock_lines=stock_lines(lines), source_document_id=source, return_stock=return_stock)


def cancelled(doc: int, document_type="invoice") -> DocumentCancelled:
    return DocumentCancelled(document_id=doc, document_type=document_type)


async def recorded(bus, company: int, event, count: int = 1) -> dict:
    """Publish a recorded document's event; the StockApplied payload inventory answers with."""
    await bus.publish(event, company_id=company)
    applied = await bus.wait_for(company, APPLIED, count, document_id=event.document_id)
    return applied[-1].payload
