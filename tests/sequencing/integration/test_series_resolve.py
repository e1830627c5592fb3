"""series.resolve (documents calls it before recording) and points_of_sale.update."""
import asyncpg
import pytest

from tests.sequencing.integration.test_sequencing_rpc import make_establishment, make_point

pytestmark = pytest.mark.integration
SVC = "sequencing"


async def resolve(call, company, **body):
    return await call(SVC, "series.resolve", company_id=company, body=body)


async def test_resolve_exact_shape_default_and_first_enabled(call, company_id):
    est = await make_establishment(call, company_id, "001", address="Av. Amazonas", document_types=["invoice"])
    first = await make_point(call, company_id, est["id"], "001")
    second = await make_point(call, company_id, est["id"], "002", manual_numbering=True)
    assert second["manual_numbering"] is True and first["manual_numbering"] is False
    reply = await resolve(call, company_id, type="invoice", series="001-002")
    assert reply.status == 200
    assert reply.body == {"series": "001-002", "establishment_id": est["id"], "establishment_code": "001",
                          "establishment_name": "Establecimiento 001", "establishment_address": "Av. Amazonas",
                          "point_of_sale_id": second["id"], "emission_point": "002", "manual_numbering": True}
    assert (await resolve(call, company_id)).body["series"] == "001-001"  # first enabled, type invoice
    assert (await resolve(call, company_id, default_series="001-002")).body["series"] == "001-002"
    assert (await resolve(call, company_id, default_series="009-009")).body["series"] == "001-001"


@pytest.mark.parametrize("body,field,status", [
    ({"series": "001-009"}, "series", 422),
    ({"series": "1-2"}, "series", 422),
    ({"series": "001-001", "type": "credit_note"}, "series", 422),
    ({"type": "quotation"}, "series", 422),
    ({"type": "receipt"}, "type", 422),
    ({"series": "001-001", "number": 5}, "number", 422),
    ({"series": "001-001", "number": 0}, "number", 422),
])
async def test_resolve_refusals(call, company_id, body, field, status):
    est = await make_establishment(call, company_id, "001", document_types=["invoice", "credit_note"])
    await make_point(call, company_id, est["id"], "001", document_types=["invoice"])
    reply = await resolve(call, company_id, **body)
    assert reply.status == status and list(reply.body["errors"]) == [field], reply.body


async def test_resolve_a_free_manual_number_and_409_for_a_used_one(call, company_id, database_url):
    est = await make_establishment(call, company_id, "001")
    await make_point(call, company_id, est["id"], "002", manual_numbering=True)
    assert (await resolve(call, company_id, series="001-002", number=8)).status == 200
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("""INSERT INTO sequencing.allocations (company_id, document_id, document_type, series,
                              number, manual) VALUES ($1, 1, 'invoice', '001-002', 8, true)""", company_id)
    finally:
        await conn.close()
    used = await resolve(call, company_id, series="001-002", number=8)
    assert used.status == 409
    assert used.body == {"message": "El número 001-002-000000008 ya fue utilizado en la serie 001-002."}


async def test_point_of_sale_update(call, company_id):
    est = await make_establishment(call, company_id, "001")
    point = await make_point(call, company_id, est["id"], "002", document_types=["invoice"])
    path = {"id": str(point["id"])}
    reply = await call(SVC, "points_of_sale.update", company_id=company_id, path_params=path,
                       body={"name": "Caja 2", "manual_numbering": True, "document_types": ["invoice", "quotation"]})
    assert reply.status == 200 and reply.body["message"] == "Punto de emisión actualizado correctamente."
    assert reply.body["data"] == {**point, "name": "Caja 2", "manual_numbering": True,
                                  "document_types": ["invoice", "quotation"]}
    quote = await call(SVC, "sequence.preview", company_id=company_id, query={"series": "001-002", "type": "quotation"})
    assert quote.body["next_number"] == "000000001"
    off = await call(SVC, "points_of_sale.update", company_id=company_id, path_params=path, body={"active": False})
    assert off.body["data"]["active"] is False and off.body["data"]["name"] == "Caja 2"
    assert (await resolve(call, company_id, series="001-002")).status == 422
    bad = await call(SVC, "points_of_sale.update", company_id=company_id, path_params=path,
                     body={"document_types": ["receipt"]})
    assert bad.status == 422 and list(bad.body["errors"]) == ["document_types"]
    other = await call(SVC, "points_of_sale.update", company_id=company_id + 1, path_params=path, body={})
    assert other.status == 404
