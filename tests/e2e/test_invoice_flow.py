"""Issuing invoices end to end through the gateway: the real gateway, documents,
inventory and TWO sequencing workers as processes, on a database and vhost of their own.

Covers Part A shapes key for key, stock moved by the flow, insufficient stock (nothing
recorded, numbered or moved), 50 concurrent POSTs (numbers contiguous, none repeated),
a credit note returning stock, cancellation, the timeline and the SRI snapshot (a
queue stands in for sri-submitter's, so the commands are routable and can be read).
"""
from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest

from shared.contracts.envelope import Envelope, routing_key_for
from shared.contracts.sri import SubmitDocument
from shared.messaging.connection import connect
from shared.messaging.topology import COMMANDS, declare_exchanges
from tests import harness
from tests.e2e.sri_double import authorize
from tests.e2e.conftest import bootstrap

pytestmark = pytest.mark.e2e
KEY = "ek_invflow0_" + "f" * 36
CREATED = {"id", "type", "series", "number", "status", "issue_date", "total", "sri_status", "sri_access_key",
           "sri_authorization_number", "sri_authorized_at", "mail_status", "files", "stock_movement_id",
           "stock_applied_at"}
LISTED = {"id", "type", "series", "number", "status", "sri_status", "payment_status", "total"}
PAGE = {"current_page", "data", "per_page", "last_page", "total"}
PREVIEW = {"type", "series", "establishment", "emission_point", "next_number", "display_number"}
MONEY, QUANTITY, DATE = re.compile(r"^\d+\.\d{4}$"), re.compile(r"^\d+\.\d{3}$"), re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
async def stack(infra, service_env, start_service):
    name, env = await harness.isolated_env(infra, "e2einv")
    amqp = await connect(env["AMQP_URL"], "e2e-invoice-flow")
    sri = await sri_sink(amqp)
    tenant = bootstrap({**service_env, **env}, key=KEY)
    # payments: documents asks it before cancelling an issued document (the cancel guard)
    procs = [start_service(svc, **env) for svc in ("sequencing", "sequencing", "inventory", "payments")]
    procs.append(start_service("documents", **env, WAIT_UNTIL="numbered"))  # no sri-submitter here
    procs.append(start_service("gateway", **env, RATE_LIMIT_PER_MINUTE="0"))
    yield {"tenant": tenant, "gateway": procs[-1], "sri": sri, "amqp_url": env["AMQP_URL"]}
    for proc in procs:
        proc.stop()
    await amqp.close()
    await harness.drop_env(infra, name)


async def sri_sink(amqp):
    """Stands in for sri-submitter's queue: `sri.submit_document` commands are routable and kept."""
    channel = await amqp.channel()
    await declare_exchanges(channel)
    queue = await channel.declare_queue("e2e.sri_submit_document", durable=True)
    await queue.bind(COMMANDS, routing_key_for(SubmitDocument.TYPE, SubmitDocument.VERSION))
    return queue


async def submitted(queue, document_id: int) -> SubmitDocument:
    """The snapshot documents sent for the document (other commands are dropped)."""
    async def find():
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            command = SubmitDocument.model_validate(Envelope.model_validate_json(message.body).payload)
            if command.document_id == document_id:
                return command
        return None
    return await harness.eventually(find, timeout=10)


async def created(api: httpx.AsyncClient, path: str, body: dict) -> dict:
    resp = await api.post(path, json=body)
    assert resp.status_code == 201, (path, resp.text)
    return resp.json()["data"]


@pytest.fixture(scope="module")
async def api(stack):
    async with httpx.AsyncClient(base_url=stack["gateway"].url + "/api/v1/company", timeout=40,
                                 headers={"X-API-Key": stack["tenant"]["api_key"]}) as client:
        yield client


@pytest.fixture(scope="module")
async def shop(api):
    """Series 001-001, a warehouse with stock, two stocked products and a service, a customer."""
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"})
    point = await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    ids = {}
    for code, price, tracks in (("LAP", "0.50", True), ("BULK", "1.00", True), ("SRV", "25", False)):
        ids[code] = (await created(api, "/products", {"code": code, "name": f"Producto {code}", "price": price,
                                                      "tax_rate": 15, "tracks_stock": tracks}))["id"]
    await created(api, "/inventory/movements", {"type": "adjustment_in", "warehouse_id": warehouse, "items": [
        {"product_id": ids["LAP"], "quantity": 100}, {"product_id": ids["BULK"], "quantity": 1000}]})
    customer = await created(api, "/customers", {"identification_type": "cedula", "identification": "1710034065",
                                                 "name": "Cliente Demo", "email": "cliente@example.com"})
    return {"warehouse": warehouse, "customer": customer["id"], "establishment": est["id"], "point": point["id"],
            **ids}


@pytest.fixture(scope="module")
async def user_api(stack, api):
    """The same tenant in the user context: Bearer token of its owner + X-Company-Id."""
    tenant = stack["tenant"]
    login = await api.post(stack["gateway"].url + "/api/v1/auth/login",
                           json={"email": tenant["user_email"], "password": tenant["user_password"]})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['token']}", "X-Company-Id": str(tenant["company_id"])}
    async with httpx.AsyncClient(base_url=stack["gateway"].url + "/api/v1", timeout=40, headers=headers) as client:
        yield client


async def both(api, user_api, path: str, **params) -> dict:
    """A GET in both contexts (X-API-Key and Bearer + X-Company-Id): 200 and the same body."""
    key, user = await api.get(path, params=params), await user_api.get(path, params=params)
    assert key.status_code == user.status_code == 200, (path, key.text, user.text)
    assert key.json() == user.json(), path
    return key.json()


async def stock(api, shop, product: str) -> str:
    resp = await api.get("/inventory/stock", params={"warehouse_id": shop["warehouse"], "product_id": shop[product]})
    assert resp.status_code == 200, resp.text
    return resp.json()["data"][0]["quantity"]


async def document(api, doc_id: int) -> dict:
    resp = await api.get(f"/documents/{doc_id}")
    assert resp.status_code == 200, resp.text
    return resp.json()


async def test_invoice_is_recorded_numbered_and_moves_stock_with_part_a_shapes(api, shop, stack):
    resp = await api.post("/documents/invoices", json={
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"], "reference": "OC-1",
        "items": [{"product_id": shop["LAP"], "quantity": 2}, {"product_id": shop["SRV"], "quantity": 1}]})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert set(body) == {"message", "data"} and body["message"] == "Factura creada correctamente."
    data = body["data"]
    assert set(data) == CREATED and set(data["files"]) == {"xml_path", "pdf_path"}
    assert (data["type"], data["series"], data["status"], data["total"]) == ("invoice", "001-001", "issued", 29.9)
    assert len(data["number"]) == 9 and data["stock_movement_id"] and data["stock_applied_at"].endswith("-05:00")
    assert data["sri_status"] in ("pending", "sending", "received", "authorized", "rejected", "error")
    assert await stock(api, shop, "LAP") == "98.000"
    listed = (await api.get("/documents", params={"type": "invoice", "per_page": 5})).json()
    assert set(listed) == {"current_page", "data", "per_page", "last_page", "total"}
    assert all(set(row) == LISTED for row in listed["data"]) and listed["data"][0]["total"] == "29.9000"
    detail = await document(api, data["id"])
    assert LISTED | {"issue_date", "customer", "items", "sri_response"} <= set(detail)
    assert {"id", "name", "identification"} <= set(detail["customer"]) and detail["customer"]["id"] == shop["customer"]
    assert {"id", "product_id", "description", "quantity", "unit_price", "tax_rate"} <= set(detail["items"][0])
    assert (detail["items"][0]["quantity"], detail["items"][0]["unit_price"]) == ("2.000", "0.5000")
    assert set(detail["sri_response"]["mail"]) == {"status"}
    assert detail["sri_response"]["status"] == detail["sri_status"]
    snapshot = await submitted(stack["sri"], data["id"])
    assert (snapshot.number, snapshot.buyer.identification, str(snapshot.totals.total)) == \
        (f"001-001-{data['number']}", "1710034065", "29.90")
    events = (await api.get(f"/documents/{data['id']}/events")).json()["data"]
    assert {"created", "stock_applied", "numbered", "sri_submitted"} <= {e["event"] for e in events}
    assert all(e["occurred_at"].endswith("-05:00") for e in events)


async def test_insufficient_stock_records_numbers_and_moves_nothing(api, shop):
    preview = (await api.get("/documents/sequence-preview", params={"type": "invoice", "series": "001-001"})).json()
    total = (await api.get("/documents")).json()["total"]
    resp = await api.post("/documents/invoices", json={
        "warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
        "items": [{"product_id": shop["LAP"], "quantity": 1}, {"product_id": shop["BULK"], "quantity": 5000}]})
    assert resp.status_code == 422, resp.text
    assert "items.1.quantity" in resp.json()["errors"]
    assert (await api.get("/documents")).json()["total"] == total
    assert (await api.get("/documents/sequence-preview", params={"type": "invoice", "series": "001-001"})
            ).json()["next_number"] == preview["next_number"]
    assert await stock(api, shop, "LAP") == "98.000"


async def test_50_concurrent_invoices_get_contiguous_numbers_with_two_sequencing_workers(api, shop):
    before = await stock(api, shop, "BULK")
    body = {"warehouse_id": shop["warehouse"], "items": [{"product_id": shop["BULK"], "quantity": 1}]}
    replies = await asyncio.gather(*(api.post("/documents/invoices", json=body) for _ in range(50)))
    assert [r.status_code for r in replies] == [201] * 50, [r.text for r in replies if r.status_code != 201][:2]

    async def all_numbered():
        docs = (await api.get("/documents", params={"type": "invoice", "per_page": 100})).json()["data"]
        return docs if all(d["number"] for d in docs) else None

    docs = await harness.eventually(all_numbered, timeout=30, interval=0.2)
    numbers = sorted(int(d["number"]) for d in docs)
    assert numbers == list(range(1, len(docs) + 1)), numbers  # contiguous from 1, none repeated
    assert len(docs) >= 51
    # numbering and the stock movement run side by side after the commit: wait for the stock too
    assert await harness.eventually(
        lambda: _stock_is(api, shop, "BULK", float(before) - 50), timeout=30, interval=0.2)


async def _stock_is(api, shop, code: str, expected: float) -> bool | None:
    return float(await stock(api, shop, code)) == expected or None


async def test_credit_note_returns_stock_and_cancel_gives_back_the_sale(api, shop, stack):
    sale = {"warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
            "items": [{"product_id": shop["LAP"], "quantity": 3}]}
    inv = await created(api, "/documents/invoices", sale)
    await authorize(api, stack["amqp_url"], stack["tenant"]["company_id"], inv["id"])  # a note needs it authorized
    line = (await document(api, inv["id"]))["items"][0]["id"]
    note = await created(api, "/documents/credit-notes", {
        "source_document_id": inv["id"], "reason": "Devolución", "return_stock": True,
        "items": [{"source_line_id": line, "quantity": 1}]})
    assert note["type"] == "credit_note" and note["stock_movement_id"] and note["total"] == 0.58
    assert await stock(api, shop, "LAP") == "96.000"  # 98 - 3 + 1
    refused = await api.post(f"/documents/{inv['id']}/cancel")
    assert refused.status_code == 409 and refused.json()["message"]
    other = await created(api, "/documents/invoices", sale)
    cancelled = await api.post(f"/documents/{other['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["data"]["status"] == "cancelled"

    async def returned():
        return await stock(api, shop, "LAP") == "96.000"

    await harness.eventually(returned, timeout=10)
    events = (await api.get(f"/documents/{other['id']}/events")).json()["data"]
    assert events[-1]["event"] == "cancelled"
    assert (await api.post(f"/documents/{other['id']}/cancel")).status_code == 409


async def test_part_a_reads_match_the_published_shapes_in_both_contexts(api, user_api, shop):
    order = await created(api, "/documents/sales-orders", {"customer_id": shop["customer"],
                                                           "items": [{"product_id": shop["LAP"], "quantity": 2}]})
    assert isinstance(order["total"], float) and order["total"] == 1.15  # numbers in the create response

    async def numbered():
        return (await document(api, order["id"]))["number"]

    await harness.eventually(numbered, timeout=10)
    customers = await both(api, user_api, "/documents/lookups/customers", q="1710034065", per_page=20)
    assert customers == {"data": [{"id": shop["customer"], "name": "Cliente Demo", "identification": "1710034065",
                                   "ruc": None, "cedula": "1710034065", "code": "CLI-0001"}],
                         "meta": {"current_page": 1, "last_page": 1, "per_page": 20, "total": 1}}
    assert await both(api, user_api, "/documents/lookups/establishments", type="sales_note") == \
        {"data": [{"id": shop["establishment"], "code": "001", "name": "Matriz"}]}
    point = {"id": shop["point"], "establishment_id": shop["establishment"], "name": "Punto 001-001", "code": "001",
             "series": "001-001"}
    for alias in ({"establishment": "001"}, {"establishment_code": "001"},
                  {"establishment_id": str(shop["establishment"])}):
        assert await both(api, user_api, "/documents/lookups/points-of-sale", type="invoice", **alias) == \
            {"data": [point]}, alias
    previews = [await both(api, user_api, "/documents/sequence-preview", **query) for query in
                ({}, {"type": "invoice", "series": "001-001"}, {"establishment": "001", "point_of_sale": "001"})]
    assert all(p == previews[0] for p in previews) and set(previews[0]) == PREVIEW
    assert (previews[0]["type"], previews[0]["series"], previews[0]["establishment"],
            previews[0]["emission_point"]) == ("invoice", "001-001", "001", "001")
    assert re.fullmatch(r"\d{9}", previews[0]["next_number"])
    assert previews[0]["display_number"] == "001-001-" + previews[0]["next_number"]
    assert (await both(api, user_api, "/documents/sequence-preview", type="sales_note"))["next_number"] == "000000002"

    orders = await both(api, user_api, "/documents", type="sales_note", per_page=1)
    assert set(orders) == PAGE and (orders["current_page"], orders["per_page"], orders["total"]) == (1, 1, 1)
    assert orders["data"] == [{"id": order["id"], "type": "sales_order", "series": "001-001", "number": "000000001",
                               "status": "issued", "sri_status": orders["data"][0]["sri_status"],
                               "payment_status": "pending", "total": "1.1500"}]
    page = await both(api, user_api, "/documents", type="invoice", status="issued", per_page=2, page=2)
    assert (page["current_page"], page["per_page"], len(page["data"])) == (2, 2, 2)
    assert page["last_page"] == -(-page["total"] // 2) and all(set(d) == LISTED for d in page["data"])
    assert all(d["status"] == "issued" and MONEY.match(d["total"]) for d in page["data"])

    first = (await both(api, user_api, "/documents", type="invoice", per_page=100))["data"][-1]
    detail = await both(api, user_api, f"/documents/{first['id']}")
    assert {k: detail[k] for k in LISTED} == first and DATE.match(detail["issue_date"])
    assert {k: detail["customer"][k] for k in ("id", "name", "identification")} == \
        {"id": shop["customer"], "name": "Cliente Demo", "identification": "1710034065"}
    assert [(i["description"], i["quantity"], i["unit_price"], i["tax_rate"]) for i in detail["items"]] == \
        [("Producto LAP", "2.000", "0.5000", "15.0000"), ("Producto SRV", "1.000", "25.0000", "15.0000")]
    assert detail["total"] == "29.9000" and detail["sri_response"]["mail"] == {"status": detail["mail_status"]}


async def test_catalogue_and_inventory_reads_in_both_contexts(api, user_api, shop):
    point = await both(api, user_api, f"/points-of-sale/{shop['point']}")
    assert (point["series"], point["active"]) == ("001-001", True)
    renamed = await user_api.put(f"/points-of-sale/{shop['point']}", json={"name": "Caja 1"})
    assert renamed.status_code == 200 and renamed.json()["data"]["name"] == "Caja 1", renamed.text
    movements = await both(api, user_api, "/inventory/movements", per_page=1)
    movement = await both(api, user_api, f"/inventory/movements/{movements['data'][0]['id']}")
    assert movement["id"] == movements["data"][0]["id"]
    assert all(QUANTITY.match(i["quantity"]) for i in movement["items"])
    report = await both(api, user_api, "/reports/inventory", warehouse_id=shop["warehouse"])
    assert {r["product_id"] for r in report["data"]} == {shop["LAP"], shop["BULK"]}  # services hold no stock
    assert all(QUANTITY.match(r["quantity"]) and MONEY.match(r["value"]) for r in report["data"])


async def test_stock_is_conserved_the_kardex_adds_up_to_the_stock(api, user_api, shop):
    """Sum of every movement (sales, returns, cancellations, adjustments) = the stock, for each product."""
    for code, start, sold in (("LAP", 100, 4), ("BULK", 1000, 50)):
        kardex = await both(api, user_api, f"/inventory/kardex/{shop[code]}", warehouse_id=shop["warehouse"],
                            per_page=100)
        rows = kardex["data"]
        assert kardex["meta"]["total"] == len(rows) and set(kardex["meta"]) == {"current_page", "last_page",
                                                                               "per_page", "total"}
        net = sum(Decimal(r["quantity_in"]) - Decimal(r["quantity_out"]) for r in rows)
        assert f"{net:.3f}" == rows[-1]["balance"] == await stock(api, shop, code) == f"{start - sold}.000", code
        balance = Decimal(0)
        for row in rows:  # the running balance, row by row
            balance += Decimal(row["quantity_in"]) - Decimal(row["quantity_out"])
            assert Decimal(row["balance"]) == balance
    report = await both(api, user_api, "/reports/inventory", warehouse_id=shop["warehouse"])
    assert {r["product_id"]: r["quantity"] for r in report["data"]} == {shop["LAP"]: "96.000", shop["BULK"]: "950.000"}


async def test_document_search_reaches_documents_from_both_contexts(api, user_api, shop):
    """GET /documents filters through the gateway (number, customer, dates, statuses); a bad one is a 422."""
    inv = await created(api, "/documents/invoices", {"warehouse_id": shop["warehouse"], "customer_id": shop["customer"],
                                                     "items": [{"product_id": shop["SRV"], "quantity": 1}]})
    by_number = await both(api, user_api, "/documents", search=f"{inv['series']}-{inv['number']}", type="invoice")
    assert [d["id"] for d in by_number["data"]] == [inv["id"]]
    today = date.fromisoformat(inv["issue_date"])
    mine = await both(api, user_api, "/documents", search="CLIENTE demo", customer_id=shop["customer"], per_page=100,
                      type="invoice", payment_status="pending", **{"from": str(today), "to": str(today)})
    assert inv["id"] in [d["id"] for d in mine["data"]] and mine["total"] == len(mine["data"])
    assert {(await document(api, d["id"]))["customer"]["id"] for d in mine["data"]} == {shop["customer"]}
    bad = await api.get("/documents", params={"from": str(today), "to": str(today - timedelta(days=1))})
    assert bad.status_code == 422 and bad.json()["errors"] == {
        "to": ["El campo to debe ser una fecha posterior o igual a from."]}, bad.text
