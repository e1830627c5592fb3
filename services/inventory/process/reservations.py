"""Reserving stock for a document before it is recorded (ARCHITECTURE.md, issuing step 3).

One reservation per (company, document): asking again returns the live (or
confirmed) one unchanged; a released or expired one is renewed with the new
lines if the stock still allows. Only products that track stock are reserved.
Available = stock - what other documents' live reservations hold; the stock rows
are locked in (warehouse, product) order, after the document's advisory lock, so
two documents competing for the last units queue and exactly one gets them.
"""
from __future__ import annotations

from decimal import Decimal

from services.inventory.db import reservations as db_reservations
from services.inventory.db import stock as db_stock
from services.inventory.db.products import products as db_products
from services.inventory.db.warehouses import warehouses as db_warehouses
from services.inventory.domain.availability import DocLine, shortages
from shared.contracts.inventory import ReservationIn
from shared.contracts.rpc import Unprocessable


async def reserve(conn, company_id: int, body: ReservationIn):
    """(reservation row, its item rows); 422 naming the warehouse, the product or the line short of stock."""
    await _check_warehouse(conn, company_id, body.warehouse_id)
    products = await _products(conn, company_id, body)
    lines = [DocLine(i.line, i.product_id, i.quantity) for i in body.items if products[i.product_id]["tracks_stock"]]
    await db_reservations.lock_document(conn, company_id, body.document_id)
    current = await db_reservations.get_reservation(conn, company_id, body.document_id)
    if current is not None and (current["holding"] or current["status"] == "confirmed"):
        return current, await db_reservations.reservation_items(conn, current["id"])
    await check_available(conn, company_id, body.warehouse_id, body.document_id, lines, products)
    return await db_reservations.save_reservation(conn, company_id, body.document_id, body.warehouse_id,
                                                  body.ttl_seconds, lines,
                                                  renewed_id=current["id"] if current is not None else None)


async def check_available(conn, company_id: int, warehouse_id: int, document_id: int, lines: list[DocLine],
                          products: dict, *, count_others: bool = True) -> dict[tuple[int, int], Decimal]:
    """Lock the lines' stock rows and 422 (`items.<line>.quantity`) when they cannot be covered; the
    locked balances by (warehouse, product).

    `count_others`: subtract what other documents' live reservations hold (False when
    the document's own live reservation already accounts for the lines)."""
    if not lines:
        return {}
    product_ids = sorted({ln.product_id for ln in lines})
    balances = await db_stock.lock_stock(conn, company_id, [(warehouse_id, p) for p in product_ids])
    stock = {p: q for (_, p), q in balances.items()}
    held = await db_reservations.held_by_others(conn, company_id, warehouse_id, document_id, product_ids) \
        if count_others else {}
    errors = shortages(lines, stock, held, products)
    if errors:
        raise Unprocessable(errors)
    return balances


async def release(conn, company_id: int, document_id: int) -> dict:
    await db_reservations.lock_document(conn, company_id, document_id)
    current = await db_reservations.get_reservation(conn, company_id, document_id)
    released = current is not None and current["status"] == "active"
    if released:
        await db_reservations.set_status(conn, current["id"], "released")
    return {"document_id": document_id, "released": released,
            "status": "released" if released else (current["status"] if current else None)}


async def _check_warehouse(conn, company_id: int, warehouse_id: int) -> None:
    found = await db_warehouses.get(conn, company_id, warehouse_id)
    if found is None or not found["active"]:
        raise Unprocessable({"warehouse_id": ["El almacén seleccionado no existe o está inactivo."]})


async def _products(conn, company_id: int, body: ReservationIn) -> dict:
    products = await db_products.by_ids(conn, company_id, [i.product_id for i in body.items])
    errors = {f"items.{i.line}.product_id": ["El producto seleccionado no existe."]
              for i in body.items if i.product_id not in products or not products[i.product_id]["active"]}
    if errors:
        raise Unprocessable(errors)
    return products
