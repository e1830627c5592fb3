"""Bad bodies, drafts, conversion, manual numbers and cancellation over RPC."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared.sri.timezone import today_ec
from tests.documents.integration.helpers import SVC, consumed, customer, documents_of, invoice
from tests.harness import eventually

pytestmark = pytest.mark.integration
TODAY = today_ec()


def bad_bodies(s: dict, other: dict) -> list[tuple[dict, str]]:
    pencil = {"product_id": s["pencil"], "quantity": 1}
    return [
        ({"items": []}, "items"),
        ({"items": None}, "items"),
        ({"warehouse_id": None}, "warehouse_id"),
        ({"items": [{"product_id": s["pencil"], "quantity": 0}]}, "items.0.quantity"),
        ({"items": [pencil, {"product_id": 424242, "quantity": 1}]}, "items.1.product_id"),
        ({"items": [{"product_id": other["pencil"], "quantity": 1}]}, "items.0.product_id"),
        ({"warehouse_id": other["warehouse"]}, "warehouse_id"),
        ({"items": [{**pencil, "discount_mode": "amount", "discount_value": "12.51"}]}, "items.0.discount_value"),
        ({"items": [{**pencil, "tax_rate": 7}]}, "items.0.tax_rate"),
        ({"items": [{"quantity": 1, "unit_price": 1}]}, "items.0.description"),
        ({"issue_date": "2026-13-01"}, "issue_date"),
        ({"due_days": 5, "issue_date": str(TODAY - timedelta(days=9)), "due_date": str(TODAY - timedelta(days=18))},
         "due_date"),
        ({"series": "009-009"}, "series"),
        ({"number": "15"}, "number"),  # series 001-001 does not allow manual numbers
        ({"submit_mode": "sent"}, "submit_mode"),
        ({"customer_id": other["customer"]}, "customer_id"),
        ({"register_initial_payment": True, "initial_payment_amount": "99"}, "initial_payment_amount"),
        ({"register_initial_payment": True, "initial_payment_amount": "10.005"}, "initial_payment_amount"),
        ({"register_initial_payment": True, "initial_payment_amount": "-1"}, "initial_payment_amount"),
        ({"register_initial_payment": True, "issue_date": str(TODAY),
          "initial_payment_date": str(TODAY - timedelta(days=1))}, "initial_payment_date"),  # as POST /payments
        ({"source_document_id": 424242}, "source_document_id"),
    ]


@pytest.fixture
async def other(fakes, call, documents):
    """Another company's product, warehouse and customer: unknown to ours."""
    inventory, company = fakes[0], 77
    pencil = inventory.add_product(company)
    return {"pencil": pencil, "warehouse": inventory.add_warehouse(company, {pencil: "5"}),
            "customer": await customer(call, company)}


async def test_every_bad_field_is_422_on_its_path_and_nothing_is_recorded(call, shop, other, fakes):
    for change, path in bad_bodies(shop, other):
        reply = await invoice(call, shop, **change)
        assert reply.status == 422, (change, reply.body)
        assert path in reply.body["errors"], (change, reply.body)
    assert (await documents_of(call, shop["company"]))["total"] == 0
    assert fakes[0].stock[(shop["warehouse"], shop["pencil"])] == 10
    assert (await call(SVC, "invoices.create", company_id=shop["company"], body=[1])).status == 422


async def test_draft_has_no_number_nor_stock_until_issued(call, shop, fakes):
    draft = (await invoice(call, shop, submit_mode="draft")).body["data"]
    assert (draft["status"], draft["number"], draft["stock_movement_id"]) == ("draft", None, None)
    assert fakes[0].stock[(shop["warehouse"], shop["pencil"])] == 10
    doc_id = {"id": str(draft["id"])}
    issued = await call(SVC, "documents.issue", company_id=shop["company"], path_params=doc_id)
    assert issued.status == 200 and issued.body["message"] == "Documento emitido correctamente."
    assert (issued.body["data"]["status"], issued.body["data"]["number"]) == ("issued", "000000001")
    assert issued.body["data"]["stock_movement_id"] is not None
    again = await call(SVC, "documents.issue", company_id=shop["company"], path_params=doc_id)
    assert again.status == 409
    drafts = await documents_of(call, shop["company"], status="draft")
    assert drafts["total"] == 0


async def test_sales_order_converts_once_into_an_invoice(call, shop):
    order = await call(SVC, "sales_orders.create", company_id=shop["company"],
                       body={"items": [{"product_id": shop["pencil"], "quantity": 1}]})
    assert order.status == 201 and order.body["message"] == "Pedido de venta creado correctamente."
    order_id = order.body["data"]["id"]
    assert order.body["data"]["number"] == "000000001"  # its own counter, not the invoices'
    assert (await documents_of(call, shop["company"], type="sales_note"))["data"][0]["type"] == "sales_order"
    first = await invoice(call, shop, source_document_id=order_id)
    assert first.status == 201
    assert (await invoice(call, shop, source_document_id=order_id)).status == 409
    source = (await call(SVC, "documents.get", company_id=shop["company"], path_params={"id": str(order_id)})).body
    assert (source["converted"], source["converted_to_id"]) == (True, first.body["data"]["id"])
    quote = await call(SVC, "quotations.create", company_id=shop["company"],
                       body={"items": [{"description": "Diseño", "quantity": 1, "unit_price": 100}]})
    assert quote.status == 201 and quote.body["data"]["total"] == 115


async def test_manual_numbers_where_allowed_and_never_twice(call, shop):
    first = await invoice(call, shop, series="001-002", number="000000050")
    assert first.status == 201 and first.body["data"]["number"] == "000000050"
    dup = await invoice(call, shop, series="001-002", number="50")
    assert dup.status == 409 and "001-002-000000050" in dup.body["message"]


async def test_cancel_releases_and_authorized_is_409(call, shop, fakes, docs_pool):
    created = (await invoice(call, shop)).body["data"]
    path = {"id": str(created["id"])}
    cancelled = await call(SVC, "documents.cancel", company_id=shop["company"], path_params=path)
    assert cancelled.status == 200 and cancelled.body["data"]["status"] == "cancelled"
    broker = fakes[2]
    await eventually(lambda: broker.for_document("documents.document_cancelled", created["id"]))
    assert (await call(SVC, "documents.cancel", company_id=shop["company"], path_params=path)).status == 409
    other = (await invoice(call, shop)).body["data"]
    await docs_pool.execute("UPDATE documents SET sri_status = 'authorized' WHERE id = $1", other["id"])
    refused = await call(SVC, "documents.cancel", company_id=shop["company"], path_params={"id": str(other["id"])})
    assert refused.status == 409 and "SRI" in refused.body["message"]
    events = (await call(SVC, "documents.events", company_id=shop["company"], path_params=path)).body["data"]
    assert events[-1]["event"] == "cancelled"
    assert (await call(SVC, "documents.cancel", company_id=shop["company"], path_params={"id": "x"})).status == 404


async def test_a_rejected_number_stops_the_flow_and_a_late_duplicate_changes_nothing(call, shop, fakes, documents):
    _, sequencing, broker = fakes
    sequencing.used.add((shop["company"], "001-002", "invoice", 77))  # taken where documents cannot see it
    used = await invoice(call, shop, series="001-002", number="77")
    assert used.status == 409 and "001-002-000000077" in used.body["message"]  # sequencing said so, synchronously
    sequencing.taken_meanwhile.add(78)
    rejected = await invoice(call, shop, series="001-002", number="78")
    assert rejected.status == 201 and rejected.body["data"]["number"] is None
    path = {"id": str(rejected.body["data"]["id"])}
    detail = (await call(SVC, "documents.get", company_id=shop["company"], path_params=path)).body
    assert detail["process_state"] == "failed"
    events = (await call(SVC, "documents.events", company_id=shop["company"], path_params=path)).body["data"]
    # the stock movement is applied side by side and may land after the rejection: look for it by name
    [rejection] = [e for e in events if e["event"] == "number_rejected"]
    assert "78" in rejection["detail"]["reason"], events
    numbered = (await invoice(call, shop)).body["data"]
    [allocate] = broker.for_document("sequencing.allocate_number", numbered["id"])
    before = consumed(documents, "documents.on_number_allocated")
    await broker.publish(sequencing.allocate(allocate), allocate)  # a second allocation for the same document
    await eventually(lambda: consumed(documents, "documents.on_number_allocated") > before)
    path = {"id": str(numbered["id"])}
    events = (await call(SVC, "documents.events", company_id=shop["company"], path_params=path)).body["data"]
    assert [e["event"] for e in events].count("numbered") == 1
    detail = (await call(SVC, "documents.get", company_id=shop["company"], path_params=path)).body
    assert detail["number"] == numbered["number"]
