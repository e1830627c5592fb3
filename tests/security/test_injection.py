"""SQL and script injection strings in every free-text field of the creates: accepted (a name like
O'Brien is valid), stored and returned verbatim, never executed; searches with them find only
what contains them; and an issued invoice carries them, escaped, into its XML.
"""
from __future__ import annotations

import csv
import io
import itertools

import pytest
from lxml import etree

from shared.sri.timezone import today_ec
from tests.harness import eventually
from tests.security import support
from tests.security.conftest import remember

pytestmark = [pytest.mark.e2e, pytest.mark.security]
PAYLOADS = ["O'Brien", "x'); DROP TABLE t;--", "' OR '1'='1", "<script>x</script>", "{{7*7}} ${7*7} %s",
            '"; SELECT 1; --', "Ñandú 😀 &amp; <b>", "../../etc/passwd", "\\'; \\\\ $$ ; --"]
_serial = itertools.count(1)


def creates(ids: dict, p: str) -> list[tuple[str, str, dict, list[str], str]]:
    """(create path, detail path template, body, injected fields, where to read it back) with `p` in
    every free-text field."""
    n = next(_serial)
    line = {"product_id": ids["service"], "quantity": 1, "description": p}
    return [
        ("/customers", "/customers/{id}", {"identification_type": "pasaporte", "identification": f"INJ{n:05d}",
                                           "name": p, "address": p, "phone": p, "code": p}, ["name", "address",
                                                                                             "phone", "code"], ""),
        ("/products", "/products/{id}", {"code": p, "name": p, "description": p, "unit": p[:20], "price": "1.5"},
         ["code", "name", "description"], ""),
        ("/warehouses", "/warehouses/{id}", {"code": p, "name": p, "address": p}, ["code", "name", "address"], ""),
        ("/establishments", "/establishments/{id}", {"code": f"{700 + n:03d}", "name": p, "address": p},
         ["name", "address"], ""),
        ("/points-of-sale", "/points-of-sale/{id}", {"establishment_id": ids["establishment"],
                                                     "code": f"{600 + n:03d}", "name": p}, ["name"], ""),
        ("/documents/invoices?wait=0", "/documents/{id}", {
            "warehouse_id": ids["warehouse"], "customer_id": ids["customer"], "submit_mode": "draft", "notes": p,
            "reference": p, "seller_name": p, "order_reference": p, "items": [line]},
         ["notes", "reference", "seller_name", "order_reference", "description"], ""),
        ("/documents/quotations?wait=0", "/documents/{id}", {"customer_id": ids["customer"], "notes": p,
                                                             "items": [line]}, ["notes", "description"], ""),
        ("/documents/credit-notes?wait=0", "/documents/{id}", {
            "source_document_id": ids["invoice"], "reason": p, "submit_mode": "draft",
            "items": [{"source_line_id": ids["line"], "quantity": "0.001"}]}, ["reason"], ""),
        ("/documents/debit-notes?wait=0", "/documents/{id}", {
            "source_document_id": ids["invoice"], "submit_mode": "draft", "tax_rate": 15,
            "reasons": [{"reason": p, "amount": "0.10"}]}, ["description"], ""),  # a reason is a line
        ("/inventory/movements", "/inventory/movements/{id}", {
            "type": "adjustment_in", "warehouse_id": ids["warehouse"], "reference": p, "notes": p,
            "items": [{"product_id": ids["product"], "quantity": 1}]}, ["reference", "notes"], ""),
        ("/payments", "/payments/{id}", {"document_id": ids["invoice"], "payment_date": str(today_ec()),
                                         "amount": "0.01", "reference": p, "notes": p}, ["reference", "notes"],
         "payment_id"),
        ("/settings/api-keys", "/settings/api-keys", {"name": p, "scopes": ["sales:read"]}, ["name"], ""),
        ("/settings/users", "/settings/users", {"email": f"inj{n}@example.com", "name": p, "password": p + "-123456",
                                                "role": "viewer"}, ["name"], ""),
    ]


def values_of(obj, key: str) -> list:
    """Every value under `key` at any depth of a JSON answer."""
    if isinstance(obj, dict):
        return [v for k, v in obj.items() if k == key] + [x for v in obj.values() for x in values_of(v, key)]
    if isinstance(obj, list):
        return [x for v in obj for x in values_of(v, key)]
    return []


@pytest.mark.parametrize("payload", PAYLOADS)
async def test_injection_strings_are_stored_and_returned_verbatim(victim_api, victim, payload):
    problems = []
    remember(payload + "-123456")  # the users' password
    for path, detail, body, fields, id_key in creates(victim["ids"], payload):
        resp = await victim_api.post(path, json=body)
        if resp.status_code != 201:
            problems.append((path, resp.status_code, resp.text[:300]))
            continue
        data = resp.json()["data"]
        shown = await victim_api.get(detail.replace("{id}", str(data.get(id_key or "id"))))
        assert shown.status_code == 200, shown.text
        for field in fields:
            if payload not in values_of(shown.json(), field):
                problems.append((path, field, "not returned verbatim", values_of(shown.json(), field)[:3]))
    assert not problems, problems


@pytest.mark.parametrize("path", ["/customers", "/products", "/documents/lookups/customers",
                                  "/documents/lookups/products", "/documents", "/payments"])
async def test_a_search_with_injection_finds_nothing_else(victim_api, path):
    name = "search" if path in ("/documents", "/payments") else "q"
    resp = await victim_api.get(path, params={name: "zz' OR 'a'='a' --"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["data"] == [], resp.text[:300]
    everything = await victim_api.get(path)
    assert everything.status_code == 200 and everything.json()["data"], path  # the company has some


async def test_an_issued_invoice_carries_them_escaped_into_its_xml_and_csv(victim_api, victim):
    """...and the accountant's CSV defuses a formula (a cell starting with = gets an apostrophe)."""
    ids = victim["ids"]
    name = "=HYPERLINK(\"http://x.invalid\") O'Brien & <Hijos> {{7*7}}"
    customer = await victim_api.post("/customers", json={"identification_type": "pasaporte",
                                                         "identification": "INJ-XML", "name": name,
                                                         "email": "obrien@example.com"})
    assert customer.status_code == 201, customer.text
    invoice = await victim_api.post("/documents/invoices", json={
        "warehouse_id": ids["warehouse"], "customer_id": customer.json()["data"]["id"],
        "items": [{"product_id": ids["service"], "quantity": 1, "description": "<script>x</script> '; --"}]})
    assert invoice.status_code == 201, invoice.text
    doc = invoice.json()["data"]["id"]

    async def xml():
        resp = await victim_api.get(f"/documents/{doc}/xml")
        return resp if resp.status_code == 200 else None
    resp = await eventually(xml, timeout=40, interval=0.3)
    tree = etree.fromstring(resp.content)
    inner = [e.text for e in tree.iter("comprobante") if e.text]  # the authorization wraps it as text
    tree = etree.fromstring(inner[0].encode()) if inner else tree
    texts = [e.text for e in tree.iter() if isinstance(e.tag, str) and e.text]
    assert name in texts and "<script>x</script> '; --" in texts
    report = await victim_api.get("/reports/sales", params={"group_by": "customer", "format": "csv"})
    assert report.status_code == 200, report.text
    cells = [c for row in csv.reader(io.StringIO(report.text.lstrip("\ufeff"))) for c in row]
    assert "'" + name in cells and name not in cells, report.text[:500]
    assert support.is_error_body(await victim_api.get("/documents/999999999/xml"), 404)
