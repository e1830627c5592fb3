"""movements.create exactly once per request: the same Idempotency-Key (or the same RPC
message delivered again) moves stock once and answers with the first movement."""
import asyncio

import pytest

from shared.contracts.rpc import Identity, RpcRequest
from tests.inventory.integration.test_stock_rpc import setup_catalogue, stock_of

pytestmark = pytest.mark.integration
SVC = "inventory"


def movement(company: int, c: dict, quantity: int, key: str | None = None, user_id: int = 5) -> RpcRequest:
    return RpcRequest(method="movements.create", identity=Identity(company_id=company, user_id=user_id),
                      idempotency_key=key, body={"type": "adjustment_in", "warehouse_id": c["wh1"],
                                                 "items": [{"product_id": c["lapiz"], "quantity": quantity}]})


async def moves(call, company: int) -> list[int]:
    reply = await call(SVC, "movements.list", company_id=company)
    return [m["id"] for m in reply.body["data"]]


async def test_same_key_moves_stock_once(rpc_client, call, company_id):
    c = await setup_catalogue(call, company_id)
    first = await rpc_client.call(SVC, movement(company_id, c, 10, "mov-1"))
    again = await rpc_client.call(SVC, movement(company_id, c, 10, "mov-1"))
    assert first.status == again.status == 201, (first.body, again.body)
    assert again.body == first.body
    other = await rpc_client.call(SVC, movement(company_id, c, 11, "mov-1"))
    assert other.status == 409 and other.body == {"message": "La clave de idempotencia ya se usó con una "
                                                             "solicitud distinta."}
    another_user = await rpc_client.call(SVC, movement(company_id, c, 10, "mov-1", user_id=6))
    assert another_user.status == 201 and another_user.body["data"]["id"] != first.body["data"]["id"]
    assert await moves(call, company_id) == [another_user.body["data"]["id"], first.body["data"]["id"]]
    assert (await stock_of(call, company_id))[(c["wh1"], c["lapiz"])] == "20.000"


async def test_redelivered_message_and_concurrent_attempts_move_stock_once(rpc_client, call, company_id):
    c = await setup_catalogue(call, company_id)
    request = movement(company_id, c, 3)
    first, again = [await rpc_client.call(SVC, request) for _ in range(2)]  # the same call_id twice
    assert first.status == again.status == 201 and again.body["data"]["id"] == first.body["data"]["id"]
    racing = await asyncio.gather(*(rpc_client.call(SVC, movement(company_id, c, 4, "race")) for _ in range(5)))
    assert [r.status for r in racing] == [201] * 5 and len({r.body["data"]["id"] for r in racing}) == 1
    assert len(await moves(call, company_id)) == 2
    assert (await stock_of(call, company_id))[(c["wh1"], c["lapiz"])] == "7.000"
