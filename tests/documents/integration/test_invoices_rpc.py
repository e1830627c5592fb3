"""Invoices over RPC against the real documents process (fake inventory and sequencing)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from shared.contracts.sri import SubmitDocument
from tests.documents.integration.fakes import SLOW_PRODUCT
from tests.documents.integration.helpers import (CREATED_KEYS, DETAIL_KEYS, ITEM_KEYS, LIST_ITEM_KEYS, SVC, customer,
                                                 documents_of, invoice)
from tests.harness import eventually

pytestmark = pytest.mark.integration


async def test_invoice_is_recorded_numbered_stock_applied_and_sent_to_the_sri(call, shop, fakes):
    buyer = await customer(call, shop["company"])
    reply = await invoice(call, shop, customer_id=buyer, reference="OC-7", items=[
        {"product_id": shop["pencil"], "quantity": 2},
        {"product_id": shop["notebook"], "quantity": "3", "discount_mode": "amount", "discount_value": "0.25"},
        {"description": "Instalación", "quantity": 1, "unit_price": "1.005", "tax_rate": 0}])
    assert reply.status == 201, reply.body
    assert reply.body["message"] == "Factura creada correctamente."
    data = reply.body["data"]
    assert set(data) == CREATED_KEYS
    assert (data["type"], data["series"], data["number"], data["status"], data["sri_status"]) == \
        ("invoice", "001-001", "000000001", "issued", "pending")
    assert data["total"] == 38.96  # bases 25.00 + 8.00 (8.25 - 0.25) at 15% + 1.01 (1.005 half-up) at 0%; IVA 4.95
    assert data["stock_movement_id"] is not None and data["stock_applied_at"].endswith("-05:00")
    assert data["files"] == {"xml_path": None, "pdf_path": None} and data["mail_status"] == "pending"
    inventory, _, broker = fakes
    assert inventory.stock[(shop["warehouse"], shop["pencil"])] == Decimal("8")
    [command] = await broker.wait_for("sri.submit_document", data["id"])
    submit = SubmitDocument.model_validate(command.payload)
    assert (submit.sequential, submit.buyer.identification, submit.totals.total) == (1, "1710034065", Decimal("38.96"))
    assert [i.name for i in submit.additional_info] == ["Email", "Direccion", "Referencia"]


async def test_list_detail_and_timeline_shapes(call, shop):
    created = (await invoice(call, shop)).body["data"]
    listed = await documents_of(call, shop["company"], per_page="5")
    assert set(listed) == {"current_page", "data", "per_page", "last_page", "total"}
    assert (listed["current_page"], listed["per_page"], listed["last_page"], listed["total"]) == (1, 5, 1, 1)
    [row] = listed["data"]
    assert set(row) == LIST_ITEM_KEYS and row["total"] == "28.7500" and row["number"] == created["number"]
    detail = (await call(SVC, "documents.get", company_id=shop["company"],
                         path_params={"id": str(created["id"])})).body
    assert DETAIL_KEYS <= set(detail) and ITEM_KEYS <= set(detail["items"][0])
    assert detail["customer"] | {"identification_type": None, "email": None, "address": None} == {
        "id": None, "name": "CONSUMIDOR FINAL", "identification": "9999999999999", "identification_type": None,
        "email": None, "address": None}
    assert detail["items"][0]["quantity"] == "2.000"
    assert (detail["items"][0]["unit_price"], detail["items"][0]["tax_rate"]) == ("12.5000", "15.0000")
    assert detail["sri_response"]["status"] == "pending" and detail["sri_response"]["mail"] == {
        "status": "skipped", "reason": "consumidor final"}
    events = (await call(SVC, "documents.events", company_id=shop["company"],
                         path_params={"id": str(created["id"])})).body["data"]
    assert {"created", "numbered", "stock_applied", "sri_submitted"} <= {e["event"] for e in events}
    assert all(e["occurred_at"].endswith("-05:00") for e in events)
    other = await call(SVC, "documents.get", company_id=shop["company"] + 1, path_params={"id": str(created["id"])})
    assert other.status == 404


async def test_wait_zero_answers_at_once_and_the_flow_continues(call, shop):
    reply = await invoice(call, shop, query={"wait": "0"})
    assert reply.status == 201 and reply.body["data"]["number"] is None

    async def numbered():
        got = await call(SVC, "documents.get", company_id=shop["company"],
                         path_params={"id": str(reply.body["data"]["id"])})
        return got.body["number"]

    assert await eventually(numbered) == "000000001"
    assert (await invoice(call, shop, query={"wait": "-1"})).status == 422


async def test_insufficient_stock_is_422_on_the_line_and_nothing_is_recorded(call, shop, fakes):
    inventory, _, broker = fakes
    before = len(broker.sent["sequencing.allocate_number"])
    reply = await invoice(call, shop, items=[{"product_id": shop["pencil"], "quantity": 1},
                                             {"product_id": shop["notebook"], "quantity": 6}])
    assert reply.status == 422 and list(reply.body["errors"]) == ["items.1.quantity"]
    assert (await documents_of(call, shop["company"]))["total"] == 0
    assert len(broker.sent["sequencing.allocate_number"]) == before
    assert inventory.stock[(shop["warehouse"], shop["pencil"])] == Decimal("10")


async def test_consumidor_final_cap_and_services_without_stock(call, shop, fakes):
    over = await invoice(call, shop, items=[{"product_id": shop["service"], "quantity": 2}])  # 57.50
    assert over.status == 422 and list(over.body["errors"]) == ["customer_id"]
    ok = await invoice(call, shop, items=[{"product_id": shop["service"], "quantity": 1}])
    assert ok.status == 201 and ok.body["data"]["number"] == "000000001"
    assert ok.body["data"]["stock_movement_id"] is None  # nothing to move, nothing waited for
    buyer = await customer(call, shop["company"])
    assert (await invoice(call, shop, customer_id=buyer, items=[{"product_id": shop["service"], "quantity": 2}])
            ).status == 201


async def test_dependency_down_is_503_and_nothing_is_recorded(call, shop):
    reply = await invoice(call, shop, items=[{"product_id": SLOW_PRODUCT, "quantity": 1}])
    assert reply.status == 503 and "inventario" in reply.body["message"]
    assert (await documents_of(call, shop["company"]))["total"] == 0
