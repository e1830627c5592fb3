"""Request keys (shared/db/request_keys.py): scope, keys and fingerprint of a request (no servers)."""
from __future__ import annotations

import pytest

from shared.contracts.rpc import Identity, RpcRequest
from shared.db.request_keys import caller_of, fingerprint, of

pytestmark = pytest.mark.unit


def request(**over) -> RpcRequest:
    fields = {"method": "invoices.create", "identity": Identity(company_id=3, api_key_id=9),
              "body": {"items": [{"product_id": 1, "quantity": 2}], "warehouse_id": 4}, **over}
    return RpcRequest(**fields)


def test_each_request_gets_its_own_call_id_and_keeps_it_on_the_wire():
    one, two = request(), request()
    assert one.call_id != two.call_id and len(one.call_id) == 32
    assert RpcRequest.model_validate_json(one.model_dump_json()).call_id == one.call_id


def test_keys_are_scoped_by_company_and_caller():
    req = request(idempotency_key="abc")
    keyed = of(req)
    assert (keyed.company_id, keyed.caller, keyed.keys) == (3, "key:9", ("key:abc", f"call:{req.call_id}"))
    plain = request()
    assert of(plain).keys == (f"call:{plain.call_id}",)
    assert caller_of(Identity(company_id=3, user_id=5)) == "user:5"
    assert of(request(identity=None)) is None


def test_fingerprint_ignores_wait_and_key_order_but_not_what_is_asked():
    base = fingerprint(request())
    reordered = request(body={"warehouse_id": 4, "items": [{"quantity": 2, "product_id": 1}]}, query={"wait": "0"})
    assert fingerprint(reordered) == base
    assert fingerprint(request(body={"warehouse_id": 4, "items": [{"product_id": 1, "quantity": 3}]})) != base
    assert fingerprint(request(method="sales_orders.create")) != base
    assert fingerprint(request(path_params={"id": "1"})) != base
    assert fingerprint(request(query={"series": "001-001"})) != base
