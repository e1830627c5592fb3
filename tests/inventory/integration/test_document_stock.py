"""Documents' events move stock exactly once: sales, returns, cancellations, low-stock alerts."""
from decimal import Decimal

import pytest

from tests.harness import eventually
from tests.inventory.integration.docs import APPLIED, cancelled, credit_note, invoice, new_document_id, recorded
from tests.inventory.integration.test_reservations import line, reserve, stocked
from tests.inventory.integration.test_stock_rpc import move, stock_of
from tests.sequencing.integration.bus import consumed

pytestmark = pytest.mark.integration
SVC = "inventory"
ON_INVOICE, ON_CANCEL = "inventory.on_invoice_recorded", "inventory.on_document_cancelled"


async def lapiz_in_wh1(call, company, c) -> str:
    return (await stock_of(call, company, product_id=c["lapiz"])).get((c["wh1"], c["lapiz"]))


async def reserves(call, company, c, qty) -> bool:
    """A new document could reserve `qty` lapiz in wh1 (the probe is released at once)."""
    probe = new_document_id()
    reply = await reserve(call, company, probe, c["wh1"], [line(0, c["lapiz"], qty)])
    await call(SVC, "reservations.release", company_id=company, body={"document_id": probe})
    return reply.status == 201


async def movements_of(call, company, product_id) -> list[dict]:
    reply = await call(SVC, "movements.list", company_id=company, query={"product_id": str(product_id)})
    return reply.body["data"]


async def test_invoice_recorded_confirms_the_reservation_exactly_once(call, company_id, inventory_bus, inventory, sql):
    c = await stocked(call, company_id, 10)
    doc = new_document_id()
    await reserve(call, company_id, doc, c["wh1"], [line(0, c["servicio"], 1), line(1, c["lapiz"], 4)])
    event = invoice(doc, c["wh1"], [(c["servicio"], 1), (c["lapiz"], 4)])
    dups = consumed([inventory], ON_INVOICE, "duplicate")
    await inventory_bus.publish(event, company_id=company_id, times=2)  # a redelivery: same message_id
    await eventually(lambda: consumed([inventory], ON_INVOICE, "duplicate") >= dups + 1)
    first = await recorded(inventory_bus, company_id, event, count=2)  # the same fact, a new message
    applied = inventory_bus.of(company_id, APPLIED, document_id=doc)
    assert len(applied) == 2 and applied[0].payload == first and first["movement_id"] is not None
    assert first["warehouse_id"] == c["wh1"]
    assert await lapiz_in_wh1(call, company_id, c) == "6.000"
    sales = [m for m in await movements_of(call, company_id, c["lapiz"]) if m["type"] == "sale"]
    assert [m["id"] for m in sales] == [first["movement_id"]]
    assert [(i["product_id"], i["quantity"]) for i in sales[0]["items"]] == [(c["lapiz"], "4.000")]
    status = await sql("SELECT status, movement_id FROM inventory.reservations WHERE company_id = $1", company_id)
    assert [tuple(r) for r in status] == [("confirmed", first["movement_id"])]
    assert (await reserve(call, company_id, new_document_id(), c["wh1"], [line(0, c["lapiz"], 6)])).status == 201


async def test_a_document_without_stock_lines_applies_nothing(call, company_id, inventory_bus):
    c = await stocked(call, company_id, 1)
    applied = await recorded(inventory_bus, company_id, invoice(new_document_id(), c["wh1"], [(c["servicio"], 2)]))
    assert (applied["movement_id"], applied["warehouse_id"]) == (None, c["wh1"])
    assert await lapiz_in_wh1(call, company_id, c) == "1.000"


async def test_without_a_live_reservation_it_applies_when_stock_allows_else_retries(
        call, company_id, inventory_bus, inventory):
    c = await stocked(call, company_id, 1)
    doc = new_document_id()
    await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 1)], ttl_seconds=1)
    await eventually(lambda: reserves(call, company_id, c, 1), timeout=5)  # the reservation expired
    assert (await reserve(call, company_id, new_document_id(), c["wh1"], [line(0, c["lapiz"], 1)])).status == 201
    retried = consumed([inventory], ON_INVOICE, "retried")
    await inventory_bus.publish(invoice(doc, c["wh1"], [(c["lapiz"], 1)]), company_id=company_id)
    await eventually(lambda: consumed([inventory], ON_INVOICE, "retried") >= retried + 1)
    assert inventory_bus.of(company_id, APPLIED, document_id=doc) == []
    await move(call, company_id, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
    applied = await inventory_bus.wait_for(company_id, APPLIED, document_id=doc, timeout=10)  # the retry
    assert applied[0].payload["movement_id"] is not None
    assert await lapiz_in_wh1(call, company_id, c) == "1.000"


async def test_credit_note_returns_stock_to_the_invoice_warehouse(call, company_id, inventory_bus):
    c = await stocked(call, company_id, 10)
    sold = new_document_id()
    await recorded(inventory_bus, company_id, invoice(sold, c["wh1"], [(c["lapiz"], 4)]))
    note = new_document_id()
    back = await recorded(inventory_bus, company_id, credit_note(note, sold, [(c["lapiz"], "1.5")]))
    assert back["movement_id"] is not None and back["warehouse_id"] == c["wh1"]
    assert await lapiz_in_wh1(call, company_id, c) == "7.500"
    kept = await recorded(inventory_bus, company_id, credit_note(new_document_id(), sold, [(c["lapiz"], 1)],
                                                                 return_stock=False, warehouse_id=c["wh1"]))
    assert kept["movement_id"] is None and await lapiz_in_wh1(call, company_id, c) == "7.500"
    types = [m["type"] for m in await movements_of(call, company_id, c["lapiz"])]
    assert types == ["return", "sale", "adjustment_in"]


async def test_cancellation_releases_the_reservation_or_reverses_the_sale(call, company_id, inventory_bus, inventory):
    c = await stocked(call, company_id, 5)
    held = new_document_id()
    await reserve(call, company_id, held, c["wh1"], [line(0, c["lapiz"], 5)])
    await inventory_bus.publish(cancelled(held), company_id=company_id)
    await eventually(lambda: reserves(call, company_id, c, 5))
    ok = consumed([inventory], ON_INVOICE, "ok")
    await inventory_bus.publish(invoice(held, c["wh1"], [(c["lapiz"], 5)]), company_id=company_id)  # late
    await eventually(lambda: consumed([inventory], ON_INVOICE, "ok") >= ok + 1)
    assert await lapiz_in_wh1(call, company_id, c) == "5.000"
    sold = new_document_id()
    await recorded(inventory_bus, company_id, invoice(sold, c["wh1"], [(c["lapiz"], 3)]))
    done = consumed([inventory], ON_CANCEL, "ok")
    for _ in range(2):  # two messages: the second cancellation moves nothing
        await inventory_bus.publish(cancelled(sold), company_id=company_id)
    await eventually(lambda: consumed([inventory], ON_CANCEL, "ok") >= done + 2)
    assert [m["type"] for m in await movements_of(call, company_id, c["lapiz"])] == \
        ["cancellation", "sale", "adjustment_in"]
    assert await lapiz_in_wh1(call, company_id, c) == "5.000"


async def test_stock_low_when_a_decrease_reaches_the_minimum(call, company_id, inventory_bus):
    c = await stocked(call, company_id, 10)
    await call(SVC, "products.update", company_id=company_id, path_params={"id": str(c["lapiz"])},
               body={"min_stock": 5})
    await move(call, company_id, "adjustment_out", c["wh1"], [{"product_id": c["lapiz"], "quantity": 4}])
    await move(call, company_id, "adjustment_out", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
    low = await inventory_bus.wait_for(company_id, "inventory.stock_low")
    assert len(low) == 1 and low[0].payload["warehouse_id"] == c["wh1"]
    assert (Decimal(low[0].payload["quantity"]), Decimal(low[0].payload["min_stock"])) == (5, 5)
    await move(call, company_id, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
    await recorded(inventory_bus, company_id, invoice(new_document_id(), c["wh1"], [(c["lapiz"], 2)]))
    low = await inventory_bus.wait_for(company_id, "inventory.stock_low", 2)
    assert [Decimal(e.payload["quantity"]) for e in low] == [5, 4]  # the adjustment_in raised no alert
