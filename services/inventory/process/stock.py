"""Changing stock: the one place it happens (over domain/movements.py and the db).

A movement is checked against the company's warehouses and products, its entries
are applied to the stock rows locked in (warehouse, product) order, and the
movement, its lines, ledger entries and new balances are written in the caller's
transaction. Concurrent movements on the same rows wait for each other; none can
drive a balance below zero. A decrease that leaves a warehouse at or below the
product's min_stock publishes StockLow.
"""
from __future__ import annotations

from decimal import Decimal

from services.inventory.db import movements as db_movements
from services.inventory.db import stock as db_stock
from services.inventory.db.products import products
from services.inventory.db.warehouses import warehouses
from services.inventory.domain import availability
from services.inventory.domain.movements import Entry, Line, apply_entries, final_balances, lock_order, \
    movement_errors, plan_entries
from shared.contracts.inventory import MovementIn, StockLow
from shared.contracts.rpc import Unprocessable
from shared.db.outbox import Outbox
from shared.db.rows import Row

Balances = dict[tuple[int, int], Decimal]


async def record_manual(conn, outbox: Outbox, company_id: int, body: MovementIn, user_id: int | None) -> int:
    """An adjustment or transfer asked for over RPC: 422 for unknown references or missing stock."""
    header = body.model_dump()
    items = header.pop("items")
    header["created_by_user_id"] = user_id
    await check_references(conn, company_id, header, items)
    return (await record_movement(conn, company_id, header, items, outbox=outbox))["id"]


async def check_references(conn, company_id: int, header: dict, items: list[dict]) -> None:
    """422 naming each unknown/inactive warehouse and each unknown or non-stock product."""
    errors = movement_errors(header["type"], header["warehouse_id"], header.get("target_warehouse_id"))
    errors.update(await _warehouse_errors(conn, company_id, header))
    errors.update(await _product_errors(conn, company_id, items))
    if errors:
        raise Unprocessable(errors)


async def _warehouse_errors(conn, company_id: int, header: dict) -> dict[str, list[str]]:
    fields = [f for f in ("warehouse_id", "target_warehouse_id") if header.get(f) is not None]
    found = await warehouses.by_ids(conn, company_id, [header[f] for f in fields])
    return {f: ["El almacén seleccionado no existe o está inactivo."]
            for f in fields if header[f] not in found or not found[header[f]]["active"]}


async def _product_errors(conn, company_id: int, items: list[dict]) -> dict[str, list[str]]:
    found = await products.by_ids(conn, company_id, [i["product_id"] for i in items])
    errors = {}
    for n, item in enumerate(items):
        product = found.get(item["product_id"])
        if product is None:
            errors[f"items.{n}.product_id"] = ["El producto seleccionado no existe."]
        elif not product["tracks_stock"]:
            errors[f"items.{n}.product_id"] = [f"El producto {product['code']} no controla inventario."]
    return errors


async def record_movement(conn, company_id: int, header: dict, items: list[dict], *, outbox: Outbox | None = None,
                          locked: Balances | None = None, products_found: dict | None = None) -> Row:
    """Apply and store a movement whose references were checked; 422 when stock would go negative."""
    lines = [Line(i["product_id"], i["quantity"]) for i in items]
    entries = plan_entries(header["type"], header["warehouse_id"], header.get("target_warehouse_id"), lines)
    return await record_entries(conn, company_id, header, items, entries, outbox=outbox, locked=locked,
                                products_found=products_found)


async def record_entries(conn, company_id: int, header: dict, items: list[dict], entries: list[Entry], *,
                         outbox: Outbox | None = None, locked: Balances | None = None,
                         products_found: dict | None = None) -> Row:
    """Store a movement with the given stock entries (rows locked in order; never below zero); its row.

    `locked`: the balances of rows this transaction already locked (they are not locked again when
    they cover the entries). With an outbox, a warehouse a decrease left at or below the product's
    min_stock publishes StockLow (`products_found`: product rows already read, by id)."""
    keys = lock_order(entries)
    balances = locked if locked is not None and set(keys) <= set(locked) else \
        await db_stock.lock_stock(conn, company_id, keys)
    after, errors = apply_entries(balances, entries)
    if errors:
        raise Unprocessable(errors)
    row = await db_movements.insert(conn, company_id, header, items, entries, after, final_balances(entries, after))
    if outbox is not None:
        await _publish_low_stock(conn, outbox, company_id, entries, after, products_found or {})
    return row


async def _publish_low_stock(conn, outbox: Outbox, company_id: int, entries: list[Entry],
                             after: list[Decimal], known: dict) -> None:
    decreased = {e.product_id for e in entries if e.delta < 0}
    found = {p: known[p] for p in decreased} if decreased <= set(known) else \
        await products.by_ids(conn, company_id, decreased)
    minimums = {pid: p["min_stock"] for pid, p in found.items()}
    for (warehouse_id, product_id), balance in availability.low_stock(entries, after, minimums).items():
        p = found[product_id]
        await outbox.add(StockLow(product_id=product_id, warehouse_id=warehouse_id, quantity=balance,
                                  min_stock=p["min_stock"], product_code=p["code"], product_name=p["name"]),
                         company_id=company_id)
