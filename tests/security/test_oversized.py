"""Oversized requests: a body over the gateway's limit is a 413, a huge string or array under it a 422
on its field, a huge query or header a 4xx; all in the public error format, and nothing stored.

Sent by the company itself (its own API key), on the creates and updates of every service.
"""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from services.gateway.views.multipart import MAX_UPLOAD_BYTES
from tests.security import support

pytestmark = [pytest.mark.e2e, pytest.mark.security]
BIG = "x" * 1_000_000  # under the body limit, far over any field's
OVER = MAX_UPLOAD_BYTES + 1024


def _invoice(ids: dict, **extra) -> dict:
    return {"warehouse_id": ids["warehouse"], "customer_id": ids["customer"], "submit_mode": "draft",
            "items": [{"product_id": ids["service"], "quantity": 1}], **extra}


def over_limit(ids: dict) -> list[tuple[str, str, str, dict]]:
    """(label, method, path, body) whose JSON is larger than the gateway accepts."""
    pad = "y" * OVER
    return [("customer", "POST", "/customers", {"identification_type": "pasaporte", "identification": "P-BIG",
                                                "name": pad}),
            ("invoice notes", "POST", "/documents/invoices?wait=0", _invoice(ids, notes=pad)),
            ("product", "POST", "/products", {"code": "BIG", "name": "Grande", "price": 1, "description": pad}),
            ("movement", "POST", "/inventory/movements", {"type": "adjustment_in", "warehouse_id": ids["warehouse"],
                                                          "notes": pad, "items": [{"product_id": ids["product"],
                                                                                   "quantity": 1}]}),
            ("company", "PUT", "/settings/company", {"trade_name": pad}),
            ("payment", "POST", "/payments", {"document_id": ids["invoice"], "payment_date": "2026-01-01",
                                              "amount": "0.01", "notes": pad}),
            ("many lines", "POST", "/documents/invoices?wait=0",
             _invoice(ids, items=[{"product_id": ids["service"], "quantity": 1}] * 80_000))]


def under_limit(ids: dict) -> list[tuple[str, str, str, dict, str]]:
    """(label, method, path, body, the field the 422 names) with one huge string or array."""
    line = {"product_id": ids["service"], "quantity": 1}
    return [("customer name", "POST", "/customers", {"identification_type": "pasaporte", "identification": "P-BIG2",
                                                     "name": BIG}, "name"),
            ("customer update", "PUT", f"/customers/{ids['customer']}", {"address": BIG}, "address"),
            ("product name", "POST", "/products", {"code": "BIG2", "name": BIG, "price": 1}, "name"),
            ("warehouse name", "POST", "/warehouses", {"code": "BIG", "name": BIG}, "name"),
            ("establishment name", "POST", "/establishments", {"code": "777", "name": BIG}, "name"),
            ("invoice notes", "POST", "/documents/invoices?wait=0", _invoice(ids, notes=BIG), "notes"),
            ("invoice line", "POST", "/documents/invoices?wait=0",
             _invoice(ids, items=[{"description": BIG, "quantity": 1, "unit_price": 1}]), "items.0.description"),
            ("invoice lines", "POST", "/documents/invoices?wait=0", _invoice(ids, items=[line] * 20_000), "items"),
            ("movement lines", "POST", "/inventory/movements",
             {"type": "adjustment_in", "warehouse_id": ids["warehouse"],
              "items": [{"product_id": ids["product"], "quantity": 1}] * 20_000}, "items"),
            ("payment notes", "POST", "/payments", {"document_id": ids["invoice"], "payment_date": "2026-01-01",
                                                    "amount": "0.01", "notes": BIG}, "notes"),
            ("company name", "PUT", "/settings/company", {"legal_name": BIG}, "legal_name"),
            ("api key name", "POST", "/settings/api-keys", {"name": BIG, "scopes": ["sales:read"]}, "name"),
            ("api key scopes", "POST", "/settings/api-keys", {"name": "k", "scopes": ["sales:read"] * 50_000},
             "scopes"),
            ("user email", "POST", "/settings/users", {"email": BIG + "@example.com", "name": "U", "password": "p-12345678",
                                                       "role": "viewer"}, "email"),
            ("user password", "POST", "/settings/users", {"email": "grande@example.com", "name": "U",
                                                          "password": BIG, "role": "viewer"}, "password"),
            ("webhook url", "POST", "/settings/webhooks", {"url": "https://example.com/" + BIG,
                                                           "events": ["document.created"]}, "url"),
            ("webhook events", "POST", "/settings/webhooks", {"url": "https://example.com/h",
                                                              "events": ["document.created"] * 50_000}, "events"),
            ("mail recipients", "POST", f"/documents/{ids['invoice']}/email",
             {"recipients": ["a@example.com"] * 5_000}, "recipients"),
            ("unknown fields", "POST", "/customers", {f"f{i}": i for i in range(60_000)}, "")]


@pytest.fixture
async def unchanged(stack, victim):
    before = await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"])
    yield
    assert await support.db_snapshot(stack.env["DATABASE_URL"], victim["company_id"]) == before


async def test_bodies_over_the_limit_are_413(victim_api, victim, unchanged):
    problems = []
    for label, method, path, body in over_limit(victim["ids"]):
        raw = json.dumps(body).encode()
        assert len(raw) > MAX_UPLOAD_BYTES
        resp = await victim_api.request(method, path, content=raw, headers={"Content-Type": "application/json"})
        if not support.is_error_body(resp, 413):
            problems.append((label, resp.status_code, resp.text[:200]))
    assert not problems, problems


async def test_uploads_over_the_limit_are_413_or_422(victim_api, unchanged):
    big = b"\x30\x82" + b"\x00" * OVER
    for path, field in (("/settings/certificate", "certificate"), ("/settings/company/logo", "logo")):
        resp = await victim_api.put(path, data={"password": "x"}, files={field: ("big.bin", big)})
        assert resp.status_code in (413, 422) and support.is_error_body(resp), (path, resp.text[:200])


async def test_a_chunked_body_over_the_limit_is_413(victim_api, unchanged):
    async def chunks():
        yield b'{"identification_type": "pasaporte", "identification": "P-CHUNK", "name": "'
        for _ in range(OVER // 65536 + 1):
            yield b"z" * 65536
        yield b'"}'

    resp = await victim_api.post("/customers", content=chunks(), headers={"Content-Type": "application/json"})
    assert support.is_error_body(resp, 413), resp.text[:200]


@pytest.mark.parametrize("case", range(19))
async def test_huge_strings_and_arrays_are_422_on_their_field(victim_api, victim, unchanged, case):
    label, method, path, body, field = under_limit(victim["ids"])[case]
    resp = await victim_api.request(method, path, json=body)
    assert support.is_error_body(resp, 422), (label, resp.status_code, resp.text[:300])
    errors = resp.json().get("errors") or {}
    assert not field or any(k == field or k.startswith(field + ".") for k in errors), (label, errors)


def test_every_under_limit_case_is_parametrized(victim):
    assert len(under_limit(victim["ids"])) == 19


async def raw_status(stack, request_head: bytes) -> int:
    """The status of a request written by hand (httpx refuses to build URLs this long)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", stack.gateway.port)
    try:
        writer.write(request_head)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30)
    finally:
        writer.close()
    return int(line.split()[1])


async def test_a_huge_query_or_header_is_a_4xx(stack, victim, unchanged):
    key = victim["api_key"].encode()
    huge_query = b"GET /api/v1/company/customers?q=" + b"q" * 100_000 + b" HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key
    assert 400 <= await raw_status(stack, huge_query + b"\r\nConnection: close\r\n\r\n") < 500
    huge_header = b"GET /api/v1/company/customers HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + b"\r\nX-Big: "
    assert 400 <= await raw_status(stack, huge_header + b"h" * 100_000 + b"\r\nConnection: close\r\n\r\n") < 500
    many_headers = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
    head = b"GET /api/v1/company/customers HTTP/1.1\r\nHost: x\r\nX-API-Key: " + key + b"\r\n" + many_headers
    assert 400 <= await raw_status(stack, head + b"Connection: close\r\n\r\n") < 500
    async with httpx.AsyncClient(base_url=stack.gateway.url, timeout=30, headers={"X-API-Key": victim["api_key"]}) as c:
        resp = await c.get("/api/v1/company/customers", params={"q": "q" * 4_000})
        assert resp.status_code in (200, 422), resp.text[:200]
