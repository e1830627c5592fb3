"""Exactly once per request: the Idempotency-Key (and the RPC call id) recorded by documents
with the document, whatever the gateway remembers. A retry answers with the first document
(201, same id, its current state); the same key with another request is a 409."""
from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from shared.contracts.rpc import Identity, RpcRequest
from shared.messaging.connection import confirm_channel
from shared.messaging.rpc import RpcClient
from tests.documents.integration.helpers import SVC, documents_of
from tests.documents.integration.test_notes_rpc import sold  # noqa: F401 - the fixture

pytestmark = pytest.mark.integration
DIFFERENT = "La clave de idempotencia ya se usó con una solicitud distinta."


@pytest.fixture(scope="module")
async def send(amqp_docs):
    """send(method, company, body=..., key=..., path_params=..., call_id=...) -> RpcReply; the caller is API key 7."""
    client = RpcClient(await confirm_channel(amqp_docs), default_timeout=15)
    await client.start()

    async def _send(method: str, company: int, *, body=None, key: str | None = None, request: RpcRequest | None = None,
                    path_params=None, api_key_id: int = 7):
        request = request or RpcRequest(method=method, identity=Identity(company_id=company, api_key_id=api_key_id),
                                        body=body, path_params=path_params or {}, idempotency_key=key)
        return await client.call(SVC, request, timeout=15)

    return _send


def pencils(shop, quantity: int = 2) -> dict:
    return {"warehouse_id": shop["warehouse"], "items": [{"product_id": shop["pencil"], "quantity": quantity}]}


async def recorded(call, company: int, **query) -> list[dict]:
    return (await documents_of(call, company, per_page="100", **query))["data"]


def allocations(broker, document_ids) -> int:
    return sum(len(broker.for_document("sequencing.allocate_number", d)) for d in document_ids)


async def test_same_key_twice_is_one_document_answered_twice(send, call, shop, fakes):
    inventory, _, broker = fakes
    first = await send("invoices.create", shop["company"], body=pencils(shop), key="inv-1")
    again = await send("invoices.create", shop["company"], body=pencils(shop), key="inv-1")
    assert first.status == again.status == 201, (first.body, again.body)
    assert again.body["message"] == "Factura creada correctamente."
    assert again.body["data"]["id"] == first.body["data"]["id"] and again.body["data"]["number"] == "000000001"
    assert [d["id"] for d in await recorded(call, shop["company"])] == [first.body["data"]["id"]]
    assert inventory.stock[(shop["warehouse"], shop["pencil"])] == Decimal("8")
    assert allocations(broker, [first.body["data"]["id"]]) == 1
    other_caller = await send("invoices.create", shop["company"], body=pencils(shop), key="inv-1", api_key_id=8)
    assert other_caller.status == 201 and other_caller.body["data"]["id"] != first.body["data"]["id"]


async def test_same_key_with_another_request_is_409_and_records_nothing(send, call, shop, fakes):
    first = await send("invoices.create", shop["company"], body=pencils(shop), key="inv-2")
    other = await send("invoices.create", shop["company"], body=pencils(shop, 3), key="inv-2")
    assert other.status == 409 and other.body == {"message": DIFFERENT}
    elsewhere = await send("sales_orders.create", shop["company"], body=pencils(shop), key="inv-2")
    assert elsewhere.status == 409
    assert [d["id"] for d in await recorded(call, shop["company"])] == [first.body["data"]["id"]]
    assert fakes[0].stock[(shop["warehouse"], shop["pencil"])] == Decimal("8")


async def test_a_redelivered_message_without_key_records_once(send, call, shop, fakes):
    request = RpcRequest(method="invoices.create", identity=Identity(company_id=shop["company"], api_key_id=7),
                         body=pencils(shop))
    first = await send("", 0, request=request)
    again = await send("", 0, request=request)  # the same message (same call_id) delivered again
    assert first.status == again.status == 201 and again.body["data"]["id"] == first.body["data"]["id"]
    fresh = await send("invoices.create", shop["company"], body=pencils(shop))  # a new call: a new invoice
    assert fresh.status == 201 and fresh.body["data"]["id"] != first.body["data"]["id"]
    assert len(await recorded(call, shop["company"])) == 2
    assert fakes[0].stock[(shop["warehouse"], shop["pencil"])] == Decimal("6")


async def test_concurrent_attempts_of_one_key_record_one_document(send, call, shop, fakes):
    inventory, _, broker = fakes
    replies = await asyncio.gather(*(send("invoices.create", shop["company"], body=pencils(shop), key="race-1")
                                     for _ in range(5)))
    assert [r.status for r in replies] == [201] * 5, [r.body for r in replies]
    [doc] = await recorded(call, shop["company"])
    assert {r.body["data"]["id"] for r in replies} == {doc["id"]}
    assert inventory.stock[(shop["warehouse"], shop["pencil"])] == Decimal("8")  # the losers' reservations released
    assert allocations(broker, [doc["id"]]) == 1


async def test_credit_and_debit_notes_are_recorded_once_per_key(send, call, sold):
    lines = sold["invoice"]["items"]
    body = {"source_document_id": sold["invoice"]["id"], "reason": "Devolución",
            "items": [{"source_line_id": lines[0]["id"], "quantity": 1}]}
    notes = [await send("credit_notes.create", sold["company"], body=body, key="nc-1") for _ in range(2)]
    assert [n.status for n in notes] == [201, 201] and notes[0].body["data"]["id"] == notes[1].body["data"]["id"]
    assert notes[1].body["message"] == "Nota de crédito creada correctamente."
    debit = {"source_document_id": sold["invoice"]["id"], "reasons": [{"reason": "Interés", "amount": "5.00"}]}
    debits = await asyncio.gather(*(send("debit_notes.create", sold["company"], body=debit, key="nd-1")
                                    for _ in range(3)))
    assert [d.status for d in debits] == [201] * 3, [d.body for d in debits]
    assert len({d.body["data"]["id"] for d in debits}) == 1
    assert [len(await recorded(call, sold["company"], type=t)) for t in ("credit_note", "debit_note")] == [1, 1]
    invoice = (await call(SVC, "documents.get", company_id=sold["company"],
                          path_params={"id": str(sold["invoice"]["id"])})).body
    assert Decimal(invoice["credited_total"]) == Decimal(str(notes[0].body["data"]["total"]))  # credited once


async def test_issuing_a_draft_again_with_the_key_answers_200_with_the_document(send, call, shop, fakes):
    draft = await send("invoices.create", shop["company"], body={**pencils(shop), "submit_mode": "draft"})
    doc_id = {"id": str(draft.body["data"]["id"])}
    issued = await asyncio.gather(*(send("documents.issue", shop["company"], path_params=doc_id, key="issue-1")
                                    for _ in range(3)))
    assert [r.status for r in issued] == [200] * 3, [r.body for r in issued]
    assert {r.body["data"]["id"] for r in issued} == {draft.body["data"]["id"]}
    assert issued[0].body["message"] == "Documento emitido correctamente."
    assert fakes[0].stock[(shop["warehouse"], shop["pencil"])] == Decimal("8")
    assert allocations(fakes[2], [draft.body["data"]["id"]]) == 1
    without_key = await send("documents.issue", shop["company"], path_params=doc_id)
    assert without_key.status == 409 and without_key.body["message"] == "Solo un documento en borrador puede emitirse."
