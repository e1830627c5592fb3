"""inventory over RPC: products, the product lookup and warehouses."""
import pytest

pytestmark = pytest.mark.integration
SVC = "inventory"
PRODUCT_KEYS = {"id", "code", "name", "description", "price", "tax_rate", "tax_exemption", "sri_iva_code",
                "tracks_stock", "unit", "min_stock", "active", "created_at", "updated_at"}


async def make_product(call, company, code="LAP-001", **body):
    body = {"code": code, "name": "Lapiz HB", "price": 12.5, "tax_rate": 15, **body}
    reply = await call(SVC, "products.create", company_id=company, body=body)
    assert reply.status == 201, reply.body
    return reply.body["data"]


async def test_product_create_get_and_formats(call, company_id):
    product = await make_product(call, company_id, unit="unidad")
    assert set(product) == PRODUCT_KEYS
    assert (product["price"], product["tax_rate"], product["sri_iva_code"], product["tracks_stock"]) == \
        ("12.5000", "15.0000", "4", True)
    service = await make_product(call, company_id, "SRV-001", price="1.234567", tax_rate=None,
                                 tax_exemption="no_objeto", tracks_stock=False)
    assert (service["price"], service["tax_rate"], service["sri_iva_code"]) == ("1.234567", "0.0000", "6")
    got = await call(SVC, "products.get", company_id=company_id, path_params={"id": str(product["id"])})
    assert got.body == product
    default_rate = await make_product(call, company_id, "CUA-001", tax_rate=None)
    assert default_rate["tax_rate"] == "15.0000"


@pytest.mark.parametrize("body,field", [
    ({"price": -1}, "price"),
    ({"price": "1.1234567"}, "price"),
    ({"price": "abc"}, "price"),
    ({"price": None}, "price"),
    ({"tax_rate": 7}, "tax_rate"),
    ({"tax_rate": 15, "tax_exemption": "exento"}, "tax_exemption"),
    ({"tax_exemption": "otro"}, "tax_exemption"),
    ({"code": ""}, "code"),
    ({"name": None}, "name"),
    ({"tracks_stock": "quizas"}, "tracks_stock"),
])
async def test_product_bad_bodies(call, company_id, body, field):
    full = {"code": "P-1", "name": "Producto", "price": 1, "tax_rate": 15, **body}
    reply = await call(SVC, "products.create", company_id=company_id, body=full)
    assert reply.status == 422 and list(reply.body["errors"]) == [field], reply.body


async def test_product_code_unique_per_company_update_and_delete(call, company_id):
    product = await make_product(call, company_id)
    dup = await call(SVC, "products.create", company_id=company_id,
                     body={"code": "LAP-001", "name": "Otro", "price": 1})
    assert dup.status == 422 and list(dup.body["errors"]) == ["code"]
    await make_product(call, company_id + 1)  # same code, another tenant
    path = {"id": str(product["id"])}
    upd = await call(SVC, "products.update", company_id=company_id, path_params=path,
                     body={"price": "0.55", "tax_rate": 5})
    assert upd.status == 200 and (upd.body["data"]["price"], upd.body["data"]["sri_iva_code"]) == ("0.5500", "5")
    for body, field in (({"name": None}, "name"), ({"tax_rate": 9}, "tax_rate")):
        bad = await call(SVC, "products.update", company_id=company_id, path_params=path, body=body)
        assert bad.status == 422 and list(bad.body["errors"]) == [field]
    other = await call(SVC, "products.update", company_id=company_id + 1, path_params=path, body={"price": 1})
    assert other.status == 404
    deleted = await call(SVC, "products.delete", company_id=company_id, path_params=path)
    assert deleted.status == 200 and deleted.body["data"]["active"] is False
    lookup = await call(SVC, "lookups.products", company_id=company_id)
    assert lookup.body["data"] == []


async def test_lookup_products_exact_shape(call, company_id):
    lapiz = await make_product(call, company_id)
    await make_product(call, company_id, "SRV-9", name="Instalacion", tracks_stock=False)
    expected = {"data": [{"id": lapiz["id"], "code": "LAP-001", "name": "Lapiz HB", "price": "12.5000",
                          "tax_rate": "15.0000", "tracks_stock": True}],
                "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}
    for q in ("lap", "HB", "lap-001"):
        reply = await call(SVC, "lookups.products", company_id=company_id, query={"q": q})
        assert reply.status == 200 and reply.body == expected, q
    both = await call(SVC, "products.list", company_id=company_id)
    assert [p["code"] for p in both.body["data"]] == ["LAP-001", "SRV-9"]


async def test_warehouses_crud_and_cross_company(call, company_id):
    reply = await call(SVC, "warehouses.create", company_id=company_id, body={"code": "BOD-01", "name": "Bodega"})
    assert reply.status == 201
    wh = reply.body["data"]
    assert set(wh) == {"id", "code", "name", "address", "active", "created_at", "updated_at"}
    dup = await call(SVC, "warehouses.create", company_id=company_id, body={"code": "BOD-01", "name": "Otra"})
    assert dup.status == 422 and list(dup.body["errors"]) == ["code"]
    missing = await call(SVC, "warehouses.create", company_id=company_id, body={"code": "BOD-02"})
    assert missing.status == 422 and list(missing.body["errors"]) == ["name"]
    path = {"id": str(wh["id"])}
    upd = await call(SVC, "warehouses.update", company_id=company_id, path_params=path,
                     body={"name": "Bodega Principal", "address": "Quito"})
    assert upd.status == 200 and (upd.body["data"]["name"], upd.body["data"]["address"]) == ("Bodega Principal", "Quito")
    listed = await call(SVC, "warehouses.list", company_id=company_id)
    assert listed.body["data"] == [upd.body["data"]] and listed.body["meta"]["total"] == 1
    for method in ("warehouses.get", "warehouses.update"):
        reply = await call(SVC, method, company_id=company_id + 1, path_params=path, body={"name": "X"})
        assert reply.status == 404, method
