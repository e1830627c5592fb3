"""inventory over RPC: movements and stock; never negative, even under concurrency."""
import asyncio
from decimal import Decimal

import asyncpg
import pytest

pytestmark = pytest.mark.integration
SVC = "inventory"


async def setup_catalogue(call, company):
    async def create(method, body):
        reply = await call(SVC, method, company_id=company, body=body)
        assert reply.status == 201, reply.body
        return reply.body["data"]["id"]
    return {"wh1": await create("warehouses.create", {"code": "BOD-01", "name": "Bodega 1"}),
            "wh2": await create("warehouses.create", {"code": "BOD-02", "name": "Bodega 2"}),
            "lapiz": await create("products.create", {"code": "LAP-001", "name": "Lapiz HB", "price": 0.5}),
            "servicio": await create("products.create", {"code": "SRV-001", "name": "Instalacion", "price": 25,
                                                         "tracks_stock": False})}


async def move(call, company, kind, warehouse, items, **extra):
    return await call(SVC, "movements.create", company_id=company,
                      body={"type": kind, "warehouse_id": warehouse, "items": items, **extra})


async def stock_of(call, company, **query):
    reply = await call(SVC, "stock.list", company_id=company, query={k: str(v) for k, v in query.items()})
    return {(r["warehouse_id"], r["product_id"]): r["quantity"] for r in reply.body["data"]}


async def test_adjustments_transfer_and_stock_shapes(call, company_id):
    c = await setup_catalogue(call, company_id)
    reply = await move(call, company_id, "adjustment_in", c["wh1"],
                       [{"product_id": c["lapiz"], "quantity": 10, "unit_cost": "0.3"}], reference="inicial")
    assert reply.status == 201 and reply.body["message"] == "Movimiento registrado correctamente."
    movement = reply.body["data"]
    assert set(movement) == {"id", "type", "warehouse_id", "target_warehouse_id", "reference", "notes",
                             "created_at", "items"}
    assert movement["items"] == [{"line": 0, "product_id": c["lapiz"], "product_code": "LAP-001",
                                  "product_name": "Lapiz HB", "quantity": "10.000", "unit_cost": "0.3000"}]
    transfer = await move(call, company_id, "transfer", c["wh1"], [{"product_id": c["lapiz"], "quantity": "2.5"}],
                          target_warehouse_id=c["wh2"])
    assert transfer.status == 201
    rows = await call(SVC, "stock.list", company_id=company_id, query={"product_id": str(c["lapiz"])})
    assert rows.body["data"] == [
        {"warehouse_id": c["wh1"], "product_id": c["lapiz"], "product_code": "LAP-001", "product_name": "Lapiz HB",
         "quantity": "7.500"},
        {"warehouse_id": c["wh2"], "product_id": c["lapiz"], "product_code": "LAP-001", "product_name": "Lapiz HB",
         "quantity": "2.500"}]
    assert rows.body["meta"]["total"] == 2
    in_wh2 = await call(SVC, "movements.list", company_id=company_id, query={"warehouse_id": str(c["wh2"])})
    assert [m["id"] for m in in_wh2.body["data"]] == [transfer.body["data"]["id"]]
    all_moves = await call(SVC, "movements.list", company_id=company_id, query={"product_id": str(c["lapiz"])})
    assert [m["type"] for m in all_moves.body["data"]] == ["transfer", "adjustment_in"]


async def test_stock_never_negative_and_the_line_is_named(call, company_id):
    c = await setup_catalogue(call, company_id)
    await move(call, company_id, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 5}])
    reply = await move(call, company_id, "adjustment_out", c["wh1"],
                       [{"product_id": c["lapiz"], "quantity": 4}, {"product_id": c["lapiz"], "quantity": 2}])
    assert reply.status == 422 and list(reply.body["errors"]) == ["items.1.quantity"]
    assert "disponible 1.000" in reply.body["errors"]["items.1.quantity"][0]
    empty = await move(call, company_id, "transfer", c["wh2"], [{"product_id": c["lapiz"], "quantity": 1}],
                       target_warehouse_id=c["wh1"])
    assert empty.status == 422 and list(empty.body["errors"]) == ["items.0.quantity"]
    assert await stock_of(call, company_id, product_id=c["lapiz"]) == {(c["wh1"], c["lapiz"]): "5.000"}


@pytest.mark.parametrize("change,field", [
    (lambda c: {"type": "pedido"}, "type"),
    (lambda c: {"items": []}, "items"),
    (lambda c: {"items": [{"product_id": "LAPIZ", "quantity": 1}]}, "items.0.product_id"),
    (lambda c: {"items": [{"product_id": c["lapiz"], "quantity": 0}]}, "items.0.quantity"),
    (lambda c: {"items": [{"product_id": c["lapiz"], "quantity": -2}]}, "items.0.quantity"),
    (lambda c: {"items": [{"product_id": c["lapiz"], "quantity": 1, "unit_cost": -1}]}, "items.0.unit_cost"),
    (lambda c: {"items": [{"product_id": c["servicio"], "quantity": 1}]}, "items.0.product_id"),
    (lambda c: {"items": [{"product_id": 999999999, "quantity": 1}]}, "items.0.product_id"),
    (lambda c: {"warehouse_id": 999999999}, "warehouse_id"),
    (lambda c: {"type": "transfer"}, "target_warehouse_id"),
    (lambda c: {"type": "transfer", "target_warehouse_id": c["wh1"]}, "target_warehouse_id"),
])
async def test_movement_bad_bodies(call, company_id, change, field):
    c = await setup_catalogue(call, company_id)
    body = {"type": "adjustment_in", "warehouse_id": c["wh1"], "items": [{"product_id": c["lapiz"], "quantity": 1}]}
    reply = await call(SVC, "movements.create", company_id=company_id, body={**body, **change(c)})
    assert reply.status == 422 and list(reply.body["errors"]) == [field], reply.body


async def test_another_companys_warehouse_and_product_are_rejected(call, company_id):
    c = await setup_catalogue(call, company_id)
    other = company_id + 1
    reply = await move(call, other, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
    assert reply.status == 422 and set(reply.body["errors"]) == {"warehouse_id", "items.0.product_id"}
    mine = await move(call, company_id, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
    path = {"id": str(mine.body["data"]["id"])}
    assert (await call(SVC, "movements.get", company_id=other, path_params=path)).status == 404
    assert await stock_of(call, other) == {}


async def test_concurrent_outs_never_oversell(call, company_id, database_url):
    c = await setup_catalogue(call, company_id)
    await move(call, company_id, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": 10}])
    outs = [move(call, company_id, "adjustment_out", c["wh1"], [{"product_id": c["lapiz"], "quantity": 1}])
            for _ in range(20)]
    statuses = sorted(r.status for r in await asyncio.gather(*outs))
    assert statuses == [201] * 10 + [422] * 10
    assert await stock_of(call, company_id, warehouse_id=c["wh1"]) == {(c["wh1"], c["lapiz"]): "0.000"}
    conn = await asyncpg.connect(database_url)
    try:  # conservation: the ledger adds up to the stock, and its running balance ends there
        ledger = await conn.fetchrow(
            """SELECT sum(delta) AS total, count(*) AS n, min(balance_after) AS low
                 FROM inventory.stock_ledger WHERE company_id = $1""", company_id)
    finally:
        await conn.close()
    assert (ledger["total"], ledger["n"], ledger["low"]) == (Decimal(0), 11, Decimal(0))


async def test_concurrent_transfers_in_opposite_directions_do_not_deadlock(call, company_id):
    c = await setup_catalogue(call, company_id)
    other = (await call(SVC, "products.create", company_id=company_id,
                        body={"code": "CUA-001", "name": "Cuaderno", "price": 2})).body["data"]["id"]
    for wh in (c["wh1"], c["wh2"]):
        await move(call, company_id, "adjustment_in", wh, [{"product_id": c["lapiz"], "quantity": 50},
                                                           {"product_id": other, "quantity": 50}])
    items = [{"product_id": c["lapiz"], "quantity": 1}, {"product_id": other, "quantity": 1}]
    calls = [move(call, company_id, "transfer", a, items if i % 3 else items[::-1], target_warehouse_id=b)
             for i, (a, b) in enumerate([(c["wh1"], c["wh2"]), (c["wh2"], c["wh1"])] * 10)]
    assert {r.status for r in await asyncio.gather(*calls)} == {201}
    assert set((await stock_of(call, company_id)).values()) == {"50.000"}
