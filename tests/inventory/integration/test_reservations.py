"""inventory reservations over RPC (documents reserves before recording) and products.resolve."""
import asyncio

import pytest

from tests.harness import eventually
from tests.inventory.integration.docs import new_document_id
from tests.inventory.integration.test_stock_rpc import move, setup_catalogue

pytestmark = pytest.mark.integration
SVC = "inventory"


async def reserve(call, company, doc, warehouse, items, **extra):
    return await call(SVC, "reservations.create", company_id=company,
                      body={"document_id": doc, "warehouse_id": warehouse, "items": items, **extra})


def line(n, product, qty):
    return {"line": n, "product_id": product, "quantity": qty}


async def stocked(call, company, qty):
    c = await setup_catalogue(call, company)
    await move(call, company, "adjustment_in", c["wh1"], [{"product_id": c["lapiz"], "quantity": qty}])
    return c


async def test_insufficient_stock_names_the_line_and_reserves_nothing(call, company_id):
    c = await stocked(call, company_id, 3)
    short = await reserve(call, company_id, new_document_id(), c["wh1"],
                          [line(0, c["servicio"], 1), line(1, c["lapiz"], 5)])
    assert short.status == 422
    assert short.body["errors"] == {
        "items.1.quantity": ["Stock insuficiente para LAP-001 Lapiz HB: disponible 3.000, solicitado 5.000."]}
    doc = new_document_id()
    ok = await reserve(call, company_id, doc, c["wh1"], [line(0, c["servicio"], 1), line(1, c["lapiz"], 3)])
    assert ok.status == 201, ok.body  # the refused request held nothing
    assert set(ok.body) == {"reservation_id", "document_id", "warehouse_id", "status", "expires_at", "items"}
    assert (ok.body["document_id"], ok.body["warehouse_id"], ok.body["status"]) == (doc, c["wh1"], "active")
    assert ok.body["items"] == [{"line": 1, "product_id": c["lapiz"], "quantity": "3.000"}]  # services skipped
    twice = await reserve(call, company_id, new_document_id(), c["wh1"],
                          [line(0, c["lapiz"], 2), line(1, c["lapiz"], 1)])
    assert twice.body["errors"] == {
        "items.0.quantity": ["Stock insuficiente para LAP-001 Lapiz HB: disponible 0.000, solicitado 2.000."],
        "items.1.quantity": ["Stock insuficiente para LAP-001 Lapiz HB: disponible 0.000, solicitado 1.000."]}


@pytest.mark.parametrize("change,field", [
    (lambda c: {"warehouse_id": 999_999_999}, "warehouse_id"),
    (lambda c: {"items": []}, "items"),
    (lambda c: {"items": [line(0, c["lapiz"], 1), line(0, c["lapiz"], 1)]}, "items"),
    (lambda c: {"items": [line(4, 999_999_999, 1)]}, "items.4.product_id"),
    (lambda c: {"items": [line(0, c["lapiz"], 0)]}, "items.0.quantity"),
    (lambda c: {"ttl_seconds": 0}, "ttl_seconds"),
    (lambda c: {"document_id": None}, "document_id"),
])
async def test_reservation_bad_bodies(call, company_id, change, field):
    c = await stocked(call, company_id, 3)
    body = {"document_id": new_document_id(), "warehouse_id": c["wh1"], "items": [line(0, c["lapiz"], 1)]}
    reply = await call(SVC, "reservations.create", company_id=company_id, body={**body, **change(c)})
    assert reply.status == 422 and list(reply.body["errors"]) == [field], reply.body


async def test_another_companys_warehouse_is_422(call, company_id):
    c = await stocked(call, company_id, 3)
    reply = await reserve(call, company_id + 1, new_document_id(), c["wh1"], [line(0, c["lapiz"], 1)])
    assert reply.status == 422 and set(reply.body["errors"]) == {"warehouse_id"}


async def test_documents_competing_for_the_last_units_one_wins(call, company_id):
    c = await stocked(call, company_id, 5)
    replies = await asyncio.gather(*(reserve(call, company_id, new_document_id(), c["wh1"], [line(0, c["lapiz"], 5)])
                                     for _ in range(8)))
    assert sorted(r.status for r in replies) == [201] + [422] * 7


async def test_create_is_idempotent_on_the_document(call, company_id):
    c = await stocked(call, company_id, 5)
    doc = new_document_id()
    first = await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 4)])
    again = await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 4)])
    assert first.status == again.status == 201 and again.body == first.body
    other = await reserve(call, company_id, new_document_id(), c["wh1"], [line(0, c["lapiz"], 1)])
    assert other.status == 201  # the document holds 4, once


async def test_expiry_frees_the_stock(call, company_id, sql):
    c = await stocked(call, company_id, 2)
    doc = new_document_id()
    assert (await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 2)], ttl_seconds=1)).status == 201
    late = new_document_id()
    assert (await reserve(call, company_id, late, c["wh1"], [line(0, c["lapiz"], 2)])).status == 422

    async def expired():
        rows = await sql("SELECT status FROM inventory.reservations WHERE company_id = $1 AND document_id = $2",
                         company_id, doc)
        return rows[0]["status"] == "expired"
    await eventually(expired, timeout=5)
    assert (await reserve(call, company_id, late, c["wh1"], [line(0, c["lapiz"], 2)])).status == 201
    renewed = await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 2)])
    assert renewed.status == 422  # the expired one renews only if the stock still allows


async def test_release_frees_the_stock(call, company_id):
    c = await stocked(call, company_id, 2)
    doc = new_document_id()
    await reserve(call, company_id, doc, c["wh1"], [line(0, c["lapiz"], 2)])
    released = await call(SVC, "reservations.release", company_id=company_id, body={"document_id": doc})
    assert released.status == 200 and released.body == {"document_id": doc, "released": True, "status": "released"}
    assert (await reserve(call, company_id, new_document_id(), c["wh1"], [line(0, c["lapiz"], 2)])).status == 201
    again = await call(SVC, "reservations.release", company_id=company_id, body={"document_id": doc})
    assert again.body == {"document_id": doc, "released": False, "status": "released"}


async def test_products_resolve(call, company_id):
    c = await setup_catalogue(call, company_id)
    await call(SVC, "products.delete", company_id=company_id, path_params={"id": str(c["servicio"])})
    ids = [c["lapiz"], c["servicio"], 999_999_999]
    reply = await call(SVC, "products.resolve", company_id=company_id, body={"product_ids": ids})
    assert reply.status == 200
    assert reply.body == {"products": {str(c["lapiz"]): {
        "id": c["lapiz"], "code": "LAP-001", "name": "Lapiz HB", "price": "0.5000", "tax_rate": "15.0000",
        "tax_exemption": None, "tracks_stock": True, "unit": None, "sri_iva_code": "4"}}}
    other = await call(SVC, "products.resolve", company_id=company_id + 1, body={"product_ids": ids})
    assert other.body == {"products": {}}
    bad = await call(SVC, "products.resolve", company_id=company_id, body={"product_ids": ["x"]})
    assert bad.status == 422 and list(bad.body["errors"]) == ["product_ids.0"]
