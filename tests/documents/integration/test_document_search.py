"""GET /documents search over RPC: every filter alone and combined, paging with filters, bad values.

The SRI and payment states are set in the table directly: nothing here answers for the SRI
(fakes) and payments do not exist yet; what is under test is the filter, not those flows.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.sri.timezone import today_ec
from tests.documents.integration.helpers import SVC, customer, documents_of, invoice

pytestmark = pytest.mark.integration
TODAY = today_ec()
D30, D20, D10 = (str(TODAY - timedelta(days=n)) for n in (30, 20, 10))
PAGE_KEYS = {"current_page", "data", "per_page", "last_page", "total"}


@pytest.fixture
async def docs(call, shop, docs_pool):
    """Five documents: n1..n4 invoices (n4 in series 001-002), o5 a sales order; n1 authorized and
    paid, n2 rejected and partially paid."""
    company = shop["company"]
    maria = await customer(call, company)  # MARIA: "Cliente Demo", cédula 1710034065
    jose = (await call(SVC, "customers.create", company_id=company, body={
        "identification_type": "pasaporte", "identification": "AB-778899", "name": "José Álvarez Ñúñez"})
            ).body["data"]["id"]
    made = [await invoice(call, shop, customer_id=jose, issue_date=D30),
            await invoice(call, shop, customer_id=maria, issue_date=D20),
            await invoice(call, shop, issue_date=D10),
            await invoice(call, shop, customer_id=jose, issue_date=D10, series="001-002"),
            await call(SVC, "sales_orders.create", company_id=company, body={
                "customer_id": maria, "issue_date": D20, "items": [{"product_id": shop["pencil"], "quantity": 1}]})]
    assert [r.status for r in made] == [201] * 5, [r.body for r in made]
    ids = {f"d{i}": r.body["data"]["id"] for i, r in enumerate(made, 1)}
    for doc, sri, paid in (("d1", "authorized", "paid"), ("d2", "rejected", "partial")):
        await docs_pool.execute("UPDATE documents SET sri_status = $2, payment_status = $3 WHERE id = $1",
                                ids[doc], sri, paid)
    return {**ids, "company": company, "jose": jose, "maria": maria}


async def found(call, docs, **query) -> set[str]:
    """The names of the documents listed (all on one page), checking the order and the total."""
    body = await documents_of(call, docs["company"], per_page="100", **query)
    names = {v: k for k, v in docs.items() if k.startswith("d")}
    listed = [r["id"] for r in body["data"]]
    assert listed == sorted(listed, reverse=True) and body["total"] == len(listed), body
    return {names[i] for i in listed}


async def test_each_filter_alone(call, docs):
    cases = [
        ({}, "d1 d2 d3 d4 d5"),
        ({"from": D20}, "d2 d3 d4 d5"), ({"to": D20}, "d1 d2 d5"), ({"from": D20, "to": D20}, "d2 d5"),
        ({"from": D10, "to": D10}, "d3 d4"), ({"to": str(TODAY - timedelta(days=31))}, ""),
        ({"customer_id": str(docs["jose"])}, "d1 d4"), ({"customer_id": str(docs["maria"])}, "d2 d5"),
        ({"customer_id": "424242"}, ""),
        ({"sri_status": "authorized"}, "d1"), ({"sri_status": "rejected"}, "d2"), ({"sri_status": "error"}, ""),
        ({"payment_status": "paid"}, "d1"), ({"payment_status": "partial"}, "d2"),
        ({"payment_status": "pending"}, "d3 d4 d5"),
        ({"type": "invoice"}, "d1 d2 d3 d4"), ({"type": "sales_note"}, "d5"), ({"status": "draft"}, ""),
    ]
    for query, expected in cases:
        assert await found(call, docs, **query) == set(expected.split()), query


async def test_search_by_number_series_and_customer(call, docs):
    cases = [
        ("000000002", "d2"), ("2", "d2"), ("001-001-000000002", "d2"), ("001-001-2", "d2"),
        ("001-002-000000001", "d4"), ("001-002", "d4"), ("001-001-000000001", "d1 d5"),
        ("001-003", ""), ("001-002-000000002", ""),
        ("alvarez", "d1 d4"), ("ÁLVAREZ ñuñez", "d1 d4"), ("jose alv", "d1 d4"), ("JOSÉ", "d1 d4"),
        ("cliente demo", "d2 d5"), ("consumidor", "d3"),
        ("1710034065", "d2 d5"), ("710034", "d2 d5"), ("ab-7788", "d1 d4"), ("9999999999999", "d3"),
        ("%", ""), ("_", ""), ("\\", ""), ("a%z", ""), ("nadie", ""),
    ]
    for term, expected in cases:
        assert await found(call, docs, search=term) == set(expected.split()), term


async def test_filters_combine(call, docs):
    cases = [
        ({"customer_id": str(docs["jose"]), "from": D20}, "d4"),
        ({"search": "alvarez", "sri_status": "authorized"}, "d1"),
        ({"type": "invoice", "payment_status": "pending"}, "d3 d4"),
        ({"type": "invoice", "search": "001-001-000000001"}, "d1"),
        ({"status": "issued", "search": "demo", "to": D20}, "d2 d5"),
        ({"customer_id": str(docs["maria"]), "type": "sales_order", "from": D20, "to": D20}, "d5"),
        ({"customer_id": str(docs["maria"]), "sri_status": "authorized"}, ""),
    ]
    for query, expected in cases:
        assert await found(call, docs, **query) == set(expected.split()), query


async def test_paging_counts_only_what_the_filters_keep(call, docs):
    pages = [await documents_of(call, docs["company"], type="invoice", per_page="3", page=str(n)) for n in (1, 2, 3)]
    assert all(set(p) == PAGE_KEYS for p in pages)
    assert [[r["id"] for r in p["data"]] for p in pages] == [[docs["d4"], docs["d3"], docs["d2"]], [docs["d1"]], []]
    assert [(p["current_page"], p["per_page"], p["last_page"], p["total"]) for p in pages] == \
        [(1, 3, 2, 4), (2, 3, 2, 4), (3, 3, 2, 4)]
    other = await documents_of(call, docs["company"] + 1, search="alvarez")  # another company: nothing
    assert (other["data"], other["total"], other["last_page"]) == ([], 0, 1)


@pytest.mark.parametrize("query,field,message", [
    ({"from": "2026-02-30"}, "from", "El campo from debe ser una fecha válida (AAAA-MM-DD)."),
    ({"to": "25/02/2026"}, "to", "El campo to debe ser una fecha válida (AAAA-MM-DD)."),
    ({"from": "2026-02-10", "to": "2026-02-09"}, "to", "El campo to debe ser una fecha posterior o igual a from."),
    ({"customer_id": "abc"}, "customer_id", "El campo customer_id debe ser un número entero."),
    ({"sri_status": "autorizado"}, "sri_status", "El valor del campo sri_status no es válido. Valores "
     "permitidos: authorized, error, not_applicable, pending, received, rejected, sending."),
    ({"payment_status": "debt"}, "payment_status", "El valor del campo payment_status no es válido. Valores "
     "permitidos: paid, partial, pending."),
    ({"search": "x" * 101}, "search", "El campo search no debe tener más de 100 caracteres."),
])
async def test_a_bad_value_is_a_422_on_its_parameter(call, company, query, field, message):
    reply = await call(SVC, "documents.list", company_id=company, query=query)
    assert reply.status == 422, reply.body
    assert reply.body["errors"] == {field: [message]}
