"""documents over RPC: customers CRUD and the Part A customer lookup."""
import pytest

pytestmark = pytest.mark.integration
SVC = "documents"
CEDULA, CEDULA_2, RUC = "1710034065", "0923456784", "1792146739001"
CUSTOMER_KEYS = {"id", "code", "name", "identification_type", "identification", "ruc", "cedula", "email",
                 "phone", "address", "active", "created_at", "updated_at"}


async def make_customer(call, company, **body):
    body = {"identification_type": "cedula", "identification": CEDULA, "name": "Cliente Demo", **body}
    reply = await call(SVC, "customers.create", company_id=company, body=body)
    assert reply.status == 201, reply.body
    return reply.body["data"]


async def test_create_get_and_automatic_codes(call, company_id):
    reply = await call(SVC, "customers.create", company_id=company_id, body={
        "identification_type": "cedula", "identification": CEDULA, "name": "Cliente Demo",
        "email": "demo@example.com", "phone": "", "address": "Quito"})
    assert reply.status == 201 and reply.body["message"] == "Cliente creado correctamente."
    first = reply.body["data"]
    assert set(first) == CUSTOMER_KEYS
    assert (first["code"], first["cedula"], first["ruc"], first["phone"], first["active"]) == \
        ("CLI-0001", CEDULA, None, None, True)
    company = await make_customer(call, company_id, identification_type="ruc", identification=RUC, name="Empresa SA")
    assert (company["code"], company["ruc"], company["cedula"]) == ("CLI-0002", RUC, None)
    got = await call(SVC, "customers.get", company_id=company_id, path_params={"id": str(first["id"])})
    assert got.status == 200 and got.body == first


async def test_final_consumer_and_passport(call, company_id):
    final = await make_customer(call, company_id, identification_type="consumidor_final", identification=None,
                                name=None)
    assert (final["identification"], final["name"]) == ("9999999999999", "CONSUMIDOR FINAL")
    passport = await make_customer(call, company_id, identification_type="pasaporte", identification="AB123456",
                                   code="EXT-1")
    assert (passport["code"], passport["ruc"], passport["cedula"]) == ("EXT-1", None, None)


@pytest.mark.parametrize("body,field", [
    ({"identification": "1710034066"}, "identification"),  # cédula check digit
    ({"identification": "0999999999"}, "identification"),  # third digit 9 is not a cédula
    ({"identification_type": "ruc", "identification": "1792146738001"}, "identification"),
    ({"identification_type": "ruc", "identification": CEDULA}, "identification"),
    ({"identification_type": "consumidor_final", "identification": "123"}, "identification"),
    ({"identification_type": "dni"}, "identification_type"),
    ({"identification_type": None}, "identification_type"),
    ({"identification": None}, "identification"),
    ({"name": "  "}, "name"),
    ({"email": "no-es-correo"}, "email"),
    ({"code": "X" * 26}, "code"),
])
async def test_create_bad_bodies_are_422_on_the_field(call, company_id, body, field):
    full = {"identification_type": "cedula", "identification": CEDULA, "name": "Cliente", **body}
    reply = await call(SVC, "customers.create", company_id=company_id, body=full)
    assert reply.status == 422, reply.body
    assert list(reply.body["errors"]) == [field] and reply.body["message"] == reply.body["errors"][field][0]


async def test_duplicates_are_422_and_a_deleted_customer_frees_its_identification(call, company_id):
    first = await make_customer(call, company_id)
    dup = await call(SVC, "customers.create", company_id=company_id,
                     body={"identification_type": "cedula", "identification": CEDULA, "name": "Otro"})
    assert dup.status == 422 and list(dup.body["errors"]) == ["identification"]
    dup_code = await call(SVC, "customers.create", company_id=company_id, body={
        "identification_type": "cedula", "identification": CEDULA_2, "name": "Otro", "code": first["code"]})
    assert dup_code.status == 422 and list(dup_code.body["errors"]) == ["code"]
    other_company = await make_customer(call, company_id + 1)  # same cédula, another tenant: fine
    assert other_company["code"] == "CLI-0001"
    deleted = await call(SVC, "customers.delete", company_id=company_id, path_params={"id": str(first["id"])})
    assert deleted.status == 200 and deleted.body["data"]["active"] is False
    again = await make_customer(call, company_id)
    assert again["id"] != first["id"]


async def test_update_is_partial_and_validated(call, company_id):
    customer = await make_customer(call, company_id)
    await make_customer(call, company_id, identification=CEDULA_2, name="Segundo")
    path = {"id": str(customer["id"])}
    reply = await call(SVC, "customers.update", company_id=company_id, path_params=path,
                       body={"name": "Cliente Demo SA", "phone": "0999999999"})
    assert reply.status == 200 and reply.body["message"] == "Cliente actualizado correctamente."
    assert reply.body["data"] | {"updated_at": None} == customer | {
        "name": "Cliente Demo SA", "phone": "0999999999", "updated_at": None}
    cases = [({"identification": CEDULA_2}, "identification"), ({"identification_type": "ruc"}, "identification"),
             ({"name": None}, "name"), ({"email": "x"}, "email")]
    for body, field in cases:
        bad = await call(SVC, "customers.update", company_id=company_id, path_params=path, body=body)
        assert bad.status == 422 and list(bad.body["errors"]) == [field], (body, bad.body)
    to_ruc = await call(SVC, "customers.update", company_id=company_id, path_params=path,
                        body={"identification_type": "ruc", "identification": CEDULA + "001"})
    assert to_ruc.status == 200 and to_ruc.body["data"]["ruc"] == CEDULA + "001"


async def test_another_companys_customer_is_404(call, company_id):
    customer = await make_customer(call, company_id)
    path = {"id": str(customer["id"])}
    other = company_id + 1
    for method, body in (("customers.get", None), ("customers.update", {"name": "X"}), ("customers.delete", None)):
        reply = await call(SVC, method, company_id=other, path_params=path, body=body)
        assert reply.status == 404 and reply.body == {"message": "Recurso no encontrado."}, method
    still = await call(SVC, "customers.get", company_id=company_id, path_params=path)
    assert still.body["name"] == "Cliente Demo" and still.body["active"] is True


async def test_lookup_customers_exact_shape_search_and_active_only(call, company_id):
    demo = await make_customer(call, company_id, code="CLI-0002")
    gone = await make_customer(call, company_id, identification=CEDULA_2, name="Cliente Borrado")
    await call(SVC, "customers.delete", company_id=company_id, path_params={"id": str(gone["id"])})
    expected = {"data": [{"id": demo["id"], "name": "Cliente Demo", "identification": CEDULA, "ruc": None,
                          "cedula": CEDULA, "code": "CLI-0002"}],
                "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}
    for q in ("cliente", "DEMO", "171003", "cli-0002", ""):
        reply = await call(SVC, "lookups.customers", company_id=company_id, query={"q": q})
        assert reply.status == 200 and reply.body == expected, q
    nothing = await call(SVC, "lookups.customers", company_id=company_id, query={"q": "%"})
    assert nothing.body["data"] == []
    small = await call(SVC, "lookups.customers", company_id=company_id, query={"per_page": "1"})
    assert small.body["meta"]["per_page"] == 1
    bad = await call(SVC, "lookups.customers", company_id=company_id, query={"per_page": "101"})
    assert bad.status == 422 and list(bad.body["errors"]) == ["per_page"]


async def test_list_customers_by_status(call, company_id):
    keep = await make_customer(call, company_id)
    gone = await make_customer(call, company_id, identification=CEDULA_2, name="Borrado")
    await call(SVC, "customers.delete", company_id=company_id, path_params={"id": str(gone["id"])})

    async def ids(**query):
        reply = await call(SVC, "customers.list", company_id=company_id, query=query)
        return [c["id"] for c in reply.body["data"]]
    assert await ids() == [keep["id"]]
    assert await ids(status="inactive") == [gone["id"]]
    assert sorted(await ids(status="all")) == sorted([keep["id"], gone["id"]])
