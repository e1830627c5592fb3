"""sequencing over RPC: establishments, points of sale, the Part A lookups and the preview."""
import pytest

pytestmark = pytest.mark.integration
SVC = "sequencing"


async def make_establishment(call, company, code="001", **extra):
    reply = await call(SVC, "establishments.create", company_id=company,
                       body={"code": code, "name": f"Establecimiento {code}", **extra})
    assert reply.status == 201, reply.body
    return reply.body["data"]


async def make_point(call, company, establishment_id, code="002", **extra):
    reply = await call(SVC, "points_of_sale.create", company_id=company,
                       body={"establishment_id": establishment_id, "code": code, **extra})
    assert reply.status == 201, reply.body
    return reply.body["data"]


async def test_establishment_create_list_get(call, company_id):
    reply = await call(SVC, "establishments.create", company_id=company_id,
                       body={"code": "001", "name": "Matriz", "address": "Quito"})
    assert reply.status == 201
    assert reply.body["message"] == "Establecimiento creado correctamente."
    est = reply.body["data"]
    assert set(est) == {"id", "code", "name", "address", "document_types", "active", "created_at"}
    assert est["document_types"] == ["invoice", "sales_order", "quotation", "credit_note", "debit_note"]
    listed = await call(SVC, "establishments.list", company_id=company_id)
    assert listed.body == {"data": [est], "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}
    got = await call(SVC, "establishments.get", company_id=company_id, path_params={"id": str(est["id"])})
    assert got.status == 200 and got.body == est


async def test_establishment_bad_bodies_are_422_with_field_paths(call, company_id):
    await make_establishment(call, company_id, "001")
    cases = [({"code": "001", "name": "Otra"}, {"code"}),
             ({"code": "1", "name": "X"}, {"code"}),
             ({"code": "000", "name": "X"}, {"code"}),
             ({"code": "003"}, {"name"}),
             ({"code": "003", "name": "X", "document_types": ["invoice", "receipt"]}, {"document_types"}),
             ({}, {"code", "name"})]
    for body, fields in cases:
        reply = await call(SVC, "establishments.create", company_id=company_id, body=body)
        assert reply.status == 422, body
        assert set(reply.body["errors"]) == fields, (body, reply.body)
        assert reply.body["message"]


async def test_another_companys_ids_are_404(call, company_id):
    est = await make_establishment(call, company_id)
    point = await make_point(call, company_id, est["id"])
    other = company_id + 1
    for method, pid in (("establishments.get", est["id"]), ("points_of_sale.get", point["id"])):
        reply = await call(SVC, method, company_id=other, path_params={"id": str(pid)})
        assert reply.status == 404 and reply.body == {"message": "Recurso no encontrado."}
    assert (await call(SVC, "establishments.get", company_id=company_id, path_params={"id": "x"})).status == 404
    reply = await call(SVC, "points_of_sale.create", company_id=other, body={"establishment_id": est["id"], "code": "003"})
    assert reply.status == 422 and list(reply.body["errors"]) == ["establishment_id"]
    assert (await call(SVC, "lookups.establishments", company_id=other)).body == {"data": []}


async def test_lookup_establishments_exact_shape_and_type_filter(call, company_id):
    est = await make_establishment(call, company_id, "001")
    await make_establishment(call, company_id, "002", document_types=["quotation"])
    reply = await call(SVC, "lookups.establishments", company_id=company_id, query={"type": "invoice"})
    assert reply.status == 200
    assert reply.body == {"data": [{"id": est["id"], "code": "001", "name": "Establecimiento 001"}]}
    quotes = await call(SVC, "lookups.establishments", company_id=company_id, query={"type": "quotation"})
    assert [e["code"] for e in quotes.body["data"]] == ["001", "002"]
    alias = await call(SVC, "lookups.establishments", company_id=company_id, query={"type": "sales_note"})
    assert [e["code"] for e in alias.body["data"]] == ["001"]
    bad = await call(SVC, "lookups.establishments", company_id=company_id, query={"type": "receipt"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["type"]


async def test_points_of_sale_create_list_and_lookup_aliases(call, company_id):
    est = await make_establishment(call, company_id, "001")
    point = await make_point(call, company_id, est["id"], "002")
    assert point["series"] == "001-002" and point["name"] == "Punto 001-002"
    expected = {"data": [{"id": point["id"], "establishment_id": est["id"], "name": "Punto 001-002",
                          "code": "002", "series": "001-002"}]}
    for query in ({"type": "invoice", "establishment": "001"}, {"type": "invoice", "establishment_code": "001"},
                  {"type": "invoice", "establishment_id": str(est["id"])}, {}):
        reply = await call(SVC, "lookups.points_of_sale", company_id=company_id, query=query)
        assert reply.status == 200 and reply.body == expected, query
    none = await call(SVC, "lookups.points_of_sale", company_id=company_id, query={"establishment": "009"})
    assert none.body == {"data": []}
    bad = await call(SVC, "lookups.points_of_sale", company_id=company_id, query={"establishment_code": "1"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["establishment_code"]
    listed = await call(SVC, "points_of_sale.list", company_id=company_id, query={"establishment_id": str(est["id"])})
    assert listed.body["data"] == [point] and listed.body["meta"]["total"] == 1


async def test_point_of_sale_bad_bodies(call, company_id):
    est = await make_establishment(call, company_id, "001", document_types=["invoice"])
    await make_point(call, company_id, est["id"], "001")
    cases = [({"establishment_id": est["id"], "code": "001"}, {"code"}),
             ({"establishment_id": est["id"], "code": "01"}, {"code"}),
             ({"code": "004"}, {"establishment_id"}),
             ({"establishment_id": est["id"], "code": "004", "next_numbers": {"invoice": 0}}, {"next_numbers"})]
    for body, fields in cases:
        reply = await call(SVC, "points_of_sale.create", company_id=company_id, body=body)
        assert reply.status == 422 and set(reply.body["errors"]) == fields, (body, reply.body)


async def test_sequence_preview_exact_shape_without_consuming(call, company_id):
    est = await make_establishment(call, company_id, "001", document_types=["invoice", "sales_order"])
    await make_point(call, company_id, est["id"], "002", next_numbers={"invoice": 217})
    expected = {"type": "invoice", "series": "001-002", "establishment": "001", "emission_point": "002",
                "next_number": "000000217", "display_number": "001-002-000000217"}
    for query in ({"series": "001-002"}, {"type": "invoice", "establishment": "001", "point_of_sale": "002"}, {}):
        reply = await call(SVC, "sequence.preview", company_id=company_id, query=query)
        assert reply.status == 200 and reply.body == expected, query  # twice: nothing consumed
    order = await call(SVC, "sequence.preview", company_id=company_id, query={"type": "sales_note", "series": "001-002"})
    assert order.body["type"] == "sales_order" and order.body["next_number"] == "000000001"


@pytest.mark.parametrize("query,field", [
    ({"series": "001-009"}, "series"),
    ({"series": "1-2"}, "series"),
    ({"series": "001-002", "type": "credit_note"}, "type"),
    ({"series": "001-002", "type": "receipt"}, "type"),
    ({"establishment": "001"}, "point_of_sale"),
])
async def test_sequence_preview_errors(call, company_id, query, field):
    est = await make_establishment(call, company_id, "001", document_types=["invoice"])
    await make_point(call, company_id, est["id"], "002")
    reply = await call(SVC, "sequence.preview", company_id=company_id, query=query)
    assert reply.status == 422 and list(reply.body["errors"]) == [field], reply.body


async def test_paging_limits_and_pages(call, company_id):
    for code in ("001", "002", "003"):
        await make_establishment(call, company_id, code)
    page2 = await call(SVC, "establishments.list", company_id=company_id, query={"per_page": "2", "page": "2"})
    assert [e["code"] for e in page2.body["data"]] == ["003"]
    assert page2.body["meta"] == {"current_page": 2, "last_page": 2, "per_page": 2, "total": 3}
    for bad in ({"per_page": "0"}, {"per_page": "101"}, {"page": "0"}):
        reply = await call(SVC, "establishments.list", company_id=company_id, query=bad)
        assert reply.status == 422 and list(reply.body["errors"]) == list(bad)
