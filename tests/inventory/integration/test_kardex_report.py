"""Stock conservation after a mixed sequence; the kardex's running balance; the inventory report."""
from decimal import Decimal

import pytest

from tests.harness import eventually
from tests.inventory.integration.docs import cancelled, credit_note, invoice, new_document_id, recorded
from tests.inventory.integration.test_stock_rpc import move, setup_catalogue, stock_of

pytestmark = pytest.mark.integration
SVC = "inventory"


async def mixed_sequence(call, company, bus) -> dict:
    """Adjustments, a transfer, two sales, a return and a cancellation over two warehouses."""
    c = await setup_catalogue(call, company)
    c["cuaderno"] = (await call(SVC, "products.create", company_id=company,
                                body={"code": "CUA-001", "name": "Cuaderno", "price": 3})).body["data"]["id"]
    lapiz, cuaderno, wh1, wh2 = c["lapiz"], c["cuaderno"], c["wh1"], c["wh2"]
    await move(call, company, "adjustment_in", wh1, [{"product_id": lapiz, "quantity": 10, "unit_cost": "0.30"}])
    await move(call, company, "adjustment_in", wh1, [{"product_id": lapiz, "quantity": 10, "unit_cost": "0.40"}])
    await move(call, company, "adjustment_in", wh2, [{"product_id": cuaderno, "quantity": 5, "unit_cost": 2}])
    await move(call, company, "transfer", wh1, [{"product_id": lapiz, "quantity": 4}], target_warehouse_id=wh2)
    await move(call, company, "adjustment_out", wh2, [{"product_id": cuaderno, "quantity": 1}])
    c["sale1"], sale2 = new_document_id(), new_document_id()
    await recorded(bus, company, invoice(c["sale1"], wh1, [(lapiz, 3)]))
    await recorded(bus, company, invoice(sale2, wh2, [(lapiz, 2), (cuaderno, 1)]))
    await recorded(bus, company, credit_note(new_document_id(), c["sale1"], [(lapiz, 1)]))
    await bus.publish(cancelled(sale2), company_id=company)
    await eventually(lambda: _restored(call, company, wh2, cuaderno))  # the cancellation publishes nothing
    return c


async def _restored(call, company, warehouse_id, product_id) -> bool:
    return (await stock_of(call, company, warehouse_id=warehouse_id))[(warehouse_id, product_id)] == "4.000"


async def test_conservation_kardex_and_report(call, company_id, inventory_bus, sql):
    c = await mixed_sequence(call, company_id, inventory_bus)
    lapiz, cuaderno, wh1, wh2 = c["lapiz"], c["cuaderno"], c["wh1"], c["wh2"]
    expected = {(wh1, lapiz): Decimal(14), (wh2, lapiz): Decimal(4), (wh2, cuaderno): Decimal(4)}
    ledger = await sql("""SELECT warehouse_id, product_id, sum(delta) AS total FROM inventory.stock_ledger
                           WHERE company_id = $1 GROUP BY warehouse_id, product_id""", company_id)
    stock = await sql("SELECT warehouse_id, product_id, quantity FROM inventory.stock WHERE company_id = $1",
                      company_id)
    assert {(r["warehouse_id"], r["product_id"]): r["total"] for r in ledger} == expected
    assert {(r["warehouse_id"], r["product_id"]): r["quantity"] for r in stock if r["quantity"]} == expected
    await check_kardex(call, company_id, c)
    await check_report(call, company_id, c)


async def kardex(call, company, product_id, **query) -> dict:
    reply = await call(SVC, "kardex.get", company_id=company, path_params={"product_id": str(product_id)},
                       query={k: str(v) for k, v in query.items()})
    assert reply.status == 200, reply.body
    return reply.body


async def check_kardex(call, company, c):
    whole = await kardex(call, company, c["lapiz"], per_page=100)
    rows = whole["data"]
    assert whole["meta"] == {"current_page": 1, "last_page": 1, "per_page": 100, "total": len(rows)}
    assert set(rows[0]) == {"date", "movement_id", "type", "reference", "warehouse_id", "document_id",
                            "quantity_in", "quantity_out", "balance", "unit_cost"}
    balance = Decimal(0)
    for row in rows:  # running balance, row by row
        balance += Decimal(row["quantity_in"]) - Decimal(row["quantity_out"])
        assert Decimal(row["balance"]) == balance, row
    assert rows[-1]["balance"] == "18.000"  # 14 in BOD-01 + 4 in BOD-02
    sale = next(r for r in rows if r["type"] == "sale" and r["document_id"] == c["sale1"])
    assert (sale["quantity_out"], sale["quantity_in"], sale["unit_cost"]) == ("3.000", "0.000", "0.3500")
    in_wh1 = await kardex(call, company, c["lapiz"], warehouse_id=c["wh1"], per_page=2, page=3)
    assert in_wh1["meta"] == {"current_page": 3, "last_page": 3, "per_page": 2, "total": 5}
    assert [(r["type"], r["balance"]) for r in in_wh1["data"]] == [("return", "14.000")]
    assert (await call(SVC, "kardex.get", company_id=company + 1,
                       path_params={"product_id": str(c["lapiz"])})).status == 404
    bad = await call(SVC, "kardex.get", company_id=company, path_params={"product_id": str(c["lapiz"])},
                     query={"warehouse_id": "999999999"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["warehouse_id"]


async def check_report(call, company, c):
    reply = await call(SVC, "reports.inventory", company_id=company)
    assert reply.status == 200
    assert reply.body == {"data": [
        {"warehouse_id": c["wh1"], "warehouse_code": "BOD-01", "product_id": c["lapiz"], "product_code": "LAP-001",
         "product_name": "Lapiz HB", "quantity": "14.000", "unit_cost": "0.3500", "value": "4.9000"},
        {"warehouse_id": c["wh2"], "warehouse_code": "BOD-02", "product_id": c["cuaderno"],
         "product_code": "CUA-001", "product_name": "Cuaderno", "quantity": "4.000", "unit_cost": "2.0000",
         "value": "8.0000"},
        {"warehouse_id": c["wh2"], "warehouse_code": "BOD-02", "product_id": c["lapiz"], "product_code": "LAP-001",
         "product_name": "Lapiz HB", "quantity": "4.000", "unit_cost": "0.3500", "value": "1.4000"}],
        "totals": {"quantity": "22.000", "value": "14.3000"}}
    only_wh2 = await call(SVC, "reports.inventory", company_id=company, query={"warehouse_id": str(c["wh2"])})
    assert only_wh2.body["totals"] == {"quantity": "8.000", "value": "9.4000"}
