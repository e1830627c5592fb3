"""Credit and debit notes over RPC: limits, stock return, snapshot, cancellation."""
from __future__ import annotations

from decimal import Decimal

import pytest

from shared.contracts.sri import SubmitDocument
from tests.documents.integration.helpers import SVC, authorize, customer, invoice

pytestmark = pytest.mark.integration


@pytest.fixture
async def sold(call, shop, fakes):
    """An identified invoice: 4 pencils (12.50) and 2 notebooks (2.75), numbered."""
    buyer = await customer(call, shop["company"])
    reply = await invoice(call, shop, customer_id=buyer, items=[{"product_id": shop["pencil"], "quantity": 4},
                                                                {"product_id": shop["notebook"], "quantity": 2}])
    assert reply.status == 201 and reply.body["data"]["number"] is not None, reply.body
    detail = await authorize(call, fakes[2], shop["company"], reply.body["data"]["id"])  # notes need it authorized
    return {**shop, "invoice": detail}


async def credit(call, sold, **body):
    lines = sold["invoice"]["items"]
    body = {"source_document_id": sold["invoice"]["id"], "reason": "Devolución",
            "items": [{"source_line_id": lines[0]["id"], "quantity": 1}], **body}
    return await call(SVC, "credit_notes.create", company_id=sold["company"], body=body)


async def test_credit_note_returns_stock_and_cannot_pass_what_is_left(call, sold, fakes):
    broker = fakes[2]
    first = await credit(call, sold, return_stock=True)
    assert first.status == 201 and first.body["message"] == "Nota de crédito creada correctamente."
    data = first.body["data"]
    assert (data["type"], data["number"], data["total"]) == ("credit_note", "000000001", 14.38)
    assert data["stock_movement_id"] is not None  # stock returned (inventory's StockApplied)
    [recorded] = broker.for_document("documents.credit_note_recorded", data["id"])
    assert recorded.payload["return_stock"] is True and Decimal(recorded.payload["stock_lines"][0]["quantity"]) == 1
    [command] = await broker.wait_for("sri.submit_document", data["id"])
    submit = SubmitDocument.model_validate(command.payload)
    assert submit.modified_document.number == f"001-001-{sold['invoice']['number']}" and submit.reason == "Devolución"
    lines = sold["invoice"]["items"]
    too_much = await credit(call, sold, items=[{"source_line_id": lines[0]["id"], "quantity": 4}])
    assert too_much.status == 422 and list(too_much.body["errors"]) == ["items.0.quantity"]
    rest = await credit(call, sold, items=[{"source_line_id": lines[0]["id"]}, {"source_line_id": lines[1]["id"]}])
    assert rest.status == 201 and rest.body["data"]["total"] == 49.45  # 3 x 12.50 + 2 x 2.75, + 15%
    invoice_now = (await call(SVC, "documents.get", company_id=sold["company"],
                              path_params={"id": str(sold["invoice"]["id"])})).body
    assert invoice_now["credited_total"] == "63.8300" == invoice_now["total"]
    assert (await credit(call, sold)).status == 422
    assert (await call(SVC, "documents.cancel", company_id=sold["company"],
                       path_params={"id": str(sold["invoice"]["id"])})).status == 409


async def test_cancelling_a_credit_note_gives_back_what_it_credited(call, sold):
    note = (await credit(call, sold)).body["data"]
    cancelled = await call(SVC, "documents.cancel", company_id=sold["company"], path_params={"id": str(note["id"])})
    assert cancelled.status == 200
    invoice_now = (await call(SVC, "documents.get", company_id=sold["company"],
                              path_params={"id": str(sold["invoice"]["id"])})).body
    assert invoice_now["credited_total"] == "0.0000" and invoice_now["items"][0]["credited_quantity"] == "0.000"


async def test_notes_need_an_identified_numbered_invoice(call, shop, sold):
    final = (await invoice(call, shop)).body["data"]
    refused = await call(SVC, "credit_notes.create", company_id=shop["company"], body={
        "source_document_id": final["id"], "reason": "x", "items": [{"source_line_id": 1}]})
    assert refused.status == 422 and list(refused.body["errors"]) == ["source_document_id"]
    unknown = await credit(call, sold, source_document_id=424242)
    assert unknown.status == 422 and list(unknown.body["errors"]) == ["source_document_id"]
    wrong_line = await credit(call, sold, items=[{"source_line_id": 424242}])
    assert wrong_line.status == 422 and list(wrong_line.body["errors"]) == ["items.0.source_line_id"]


async def test_debit_note_charges_reasons_with_amounts(call, sold, fakes):
    reply = await call(SVC, "debit_notes.create", company_id=sold["company"], body={
        "source_document_id": sold["invoice"]["id"], "due_days": 15,
        "reasons": [{"reason": "Interés por mora", "amount": "10"}, {"reason": "Gastos de envío", "amount": "2.50"}]})
    assert reply.status == 201 and reply.body["message"] == "Nota de débito creada correctamente."
    assert (reply.body["data"]["type"], reply.body["data"]["total"]) == ("debit_note", 14.38)
    [command] = await fakes[2].wait_for("sri.submit_document", reply.body["data"]["id"])
    submit = SubmitDocument.model_validate(command.payload)
    assert [(r.reason, r.amount) for r in submit.debit_reasons] == \
        [("Interés por mora", Decimal("10.00")), ("Gastos de envío", Decimal("2.50"))]
    assert submit.lines == [] and submit.payments[0].term_days == 15
    bad = await call(SVC, "debit_notes.create", company_id=sold["company"], body={
        "source_document_id": sold["invoice"]["id"], "tax_rate": 7, "reasons": [{"reason": "x", "amount": 1}]})
    assert bad.status == 422 and list(bad.body["errors"]) == ["tax_rate"]
