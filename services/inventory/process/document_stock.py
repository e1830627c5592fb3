"""Stock moved by recorded documents (the use cases behind handlers/on_document_events.py).

- invoice recorded: its reservation becomes a `sale` movement (source slot
  ('sale', document) is unique: applied once however often the event comes); a
  document without stock lines moves nothing. StockApplied either way.
  Decision (reservation expired or missing): apply directly when the stock minus
  what other documents' live reservations hold covers the lines; otherwise raise
  StockUnavailable: the message is retried with back-off and then dead-lettered,
  logged as an error naming the document (someone must restock and replay it).
- credit note recorded with return_stock: a `return` movement (stock back into the
  note's warehouse, else the source invoice's) + StockApplied (movement_id null
  when nothing was returned).
- document cancelled: a live reservation is released; an applied sale (or a
  credit note's return) is reversed by a `cancellation` movement. The document is
  remembered, so a late recorded event for it moves nothing.
Each runs under the document's advisory lock, taken with the message's inbox claim, in the
consumer's transaction.
"""
from __future__ import annotations

import logging

from services.inventory.db import movements as dbm
from services.inventory.db import reservations as dbr
from services.inventory.db.products import products as db_products
from services.inventory.domain.availability import DocLine
from services.inventory.domain.movements import reference, reverse
from services.inventory.domain.valuation import unit_cost
from services.inventory.process import reservations, stock
from shared.contracts.documents import CreditNoteRecorded, DocumentCancelled, InvoiceRecorded, StockLine
from shared.contracts.envelope import utcnow
from shared.contracts.inventory import StockApplied
from shared.contracts.rpc import Unprocessable
from shared.db.inbox import Claim
from shared.db.outbox import Outbox

log = logging.getLogger(__name__)


class StockUnavailable(Exception):
    """A recorded document's stock cannot be moved now (retried, then dead-lettered)."""


async def apply_invoice(conn, inbox: Claim, outbox: Outbox, company_id: int, event: InvoiceRecorded) -> None:
    doc = event.document_id
    if not await _begin(conn, inbox, company_id, doc):
        return
    reservation = await dbr.get_reservation(conn, company_id, doc)
    done = await dbm.source_movement(conn, company_id, "sale", doc)
    if done is None:
        done = await _sell(conn, outbox, company_id, event, reservation)
    if reservation is not None and reservation["status"] != "confirmed":
        await dbr.set_status(conn, reservation["id"], "confirmed", done["id"] if done else None)
    await _applied(outbox, company_id, doc, done, event.warehouse_id)


async def apply_credit_note(conn, inbox: Claim, outbox: Outbox, company_id: int, event: CreditNoteRecorded) -> None:
    doc = event.document_id
    if not await _begin(conn, inbox, company_id, doc):
        return
    done = await dbm.source_movement(conn, company_id, "return", doc)
    if done is None and event.return_stock:
        lines, _ = await _tracked_lines(conn, company_id, event.stock_lines)
        if lines:
            sale = await dbm.source_movement(conn, company_id, "sale", event.source_document_id)
            warehouse_id = event.warehouse_id or (sale["warehouse_id"] if sale else None)
            done = await _record(conn, outbox, company_id, "return", doc, _required(warehouse_id, doc), lines)
    await _applied(outbox, company_id, doc, done, event.warehouse_id)


async def cancel(conn, inbox: Claim, outbox: Outbox, company_id: int, event: DocumentCancelled) -> None:
    doc = event.document_id
    if not await dbr.lock_document(conn, company_id, doc, inbox):
        return
    await dbr.mark_cancelled(conn, company_id, doc)
    reservation = await dbr.get_reservation(conn, company_id, doc)
    if reservation is not None and reservation["status"] == "active":
        await dbr.set_status(conn, reservation["id"], "released")
    if await dbm.source_movement(conn, company_id, "cancellation", doc) is not None:
        return
    original = await dbm.source_movement(conn, company_id, "sale", doc) \
        or await dbm.source_movement(conn, company_id, "return", doc)
    if original is None:
        return
    header = {"type": "cancellation", "warehouse_id": original["warehouse_id"], "source_type": "cancellation",
              "source_id": doc, "reference": reference("cancellation", doc)}
    entries = reverse(await dbm.ledger_entries(conn, original["id"]))
    try:
        await stock.record_entries(conn, company_id, header, await dbm.movement_items(conn, original["id"]),
                                   entries, outbox=outbox)
    except Unprocessable as exc:
        raise _unavailable(doc, "cancellation", exc) from None


async def _begin(conn, inbox: Claim, company_id: int, doc: int) -> bool:
    """Claim the message and lock the document; False (nothing to move) for a message already
    handled, or a document cancelled first."""
    if not await dbr.lock_document(conn, company_id, doc, inbox):
        return False
    if await dbr.is_cancelled(conn, company_id, doc):
        log.info("document already cancelled, stock not moved", extra={"fields": {"document_id": doc}})
        return False
    return True


async def _sell(conn, outbox: Outbox, company_id: int, event: InvoiceRecorded, reservation):
    lines, products = await _tracked_lines(conn, company_id, event.stock_lines)
    if not lines:
        return None
    doc = event.document_id
    warehouse_id = _required(event.warehouse_id or (reservation["warehouse_id"] if reservation else None), doc)
    own_hold = reservation is not None and reservation["holding"] and reservation["warehouse_id"] == warehouse_id
    try:
        locked = await reservations.check_available(conn, company_id, warehouse_id, doc, lines, products,
                                                    count_others=not own_hold)
    except Unprocessable as exc:
        raise _unavailable(doc, "sale", exc) from None
    return await _record(conn, outbox, company_id, "sale", doc, warehouse_id, lines, locked=locked,
                         products_found=products)


async def _record(conn, outbox: Outbox, company_id: int, kind: str, doc: int, warehouse_id: int,
                  lines: list[DocLine], **known):
    """The document's movement (its row); `known`: stock rows already locked, products already read."""
    costs = await dbm.average_costs(conn, company_id, sorted({ln.product_id for ln in lines}))
    items = [{"product_id": ln.product_id, "quantity": ln.quantity,
              "unit_cost": unit_cost(costs[ln.product_id]) if ln.product_id in costs else None} for ln in lines]
    header = {"type": kind, "warehouse_id": warehouse_id, "source_type": kind, "source_id": doc,
              "reference": reference(kind, doc)}
    return await stock.record_movement(conn, company_id, header, items, outbox=outbox, **known)


async def _tracked_lines(conn, company_id: int, stock_lines: list[StockLine]):
    """The lines whose product tracks stock (unknown products are logged and skipped), and the products."""
    products = await db_products.by_ids(conn, company_id, [ln.product_id for ln in stock_lines])
    unknown = [ln.product_id for ln in stock_lines if ln.product_id not in products]
    if unknown:
        log.warning("stock lines with unknown products skipped", extra={"fields": {"product_ids": unknown}})
    lines = [DocLine(ln.line, ln.product_id, ln.quantity) for ln in stock_lines
             if ln.product_id in products and products[ln.product_id]["tracks_stock"]]
    return lines, products


async def _applied(outbox: Outbox, company_id: int, doc: int, movement, warehouse_id: int | None) -> None:
    await outbox.add(StockApplied(document_id=doc, movement_id=movement["id"] if movement else None,
                                  warehouse_id=movement["warehouse_id"] if movement else warehouse_id,
                                  applied_at=movement["created_at"] if movement else utcnow()),
                     company_id=company_id)


def _required(warehouse_id: int | None, doc: int) -> int:
    if warehouse_id is None:
        log.error("recorded document moves stock but names no warehouse", extra={"fields": {"document_id": doc}})
        raise StockUnavailable(f"document {doc}: no warehouse")
    return warehouse_id


def _unavailable(doc: int, kind: str, exc: Unprocessable) -> StockUnavailable:
    log.error("stock unavailable for a recorded document: retried, then dead-lettered",
              extra={"fields": {"document_id": doc, "movement": kind, "errors": exc.errors}})
    return StockUnavailable(f"document {doc}: {exc.errors}")
