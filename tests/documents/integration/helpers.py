"""Helpers of the documents integration tests: Part A key sets and short calls."""
from __future__ import annotations

import re

import httpx

SVC = "documents"
CREATED_KEYS = {"id", "type", "series", "number", "status", "issue_date", "total", "sri_status", "sri_access_key",
                "sri_authorization_number", "sri_authorized_at", "mail_status", "files", "stock_movement_id",
                "stock_applied_at"}
LIST_ITEM_KEYS = {"id", "type", "series", "number", "status", "sri_status", "payment_status", "total"}
DETAIL_KEYS = LIST_ITEM_KEYS | {"issue_date", "customer", "items", "sri_response"}
ITEM_KEYS = {"id", "product_id", "description", "quantity", "unit_price", "tax_rate"}


async def customer(call, company: int) -> int:
    reply = await call(SVC, "customers.create", company_id=company, body={
        "identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo",
        "email": "cliente@example.com", "address": "Quito"})
    return reply.body["data"]["id"]


async def invoice(call, shop, query=None, **body):
    body = {"warehouse_id": shop["warehouse"], "items": [{"product_id": shop["pencil"], "quantity": 2}], **body}
    return await call(SVC, "invoices.create", company_id=shop["company"], body=body, query=query or {})


async def documents_of(call, company: int, **query) -> dict:
    reply = await call(SVC, "documents.list", company_id=company, query=query)
    assert reply.status == 200, reply.body
    return reply.body


def consumed(service, queue: str, outcome: str = "ok") -> float:
    """How many messages the service's consumer of `queue` handled with `outcome` (its /metrics)."""
    text = httpx.get(service.url + "/metrics").text
    for labels in (f'outcome="{outcome}",queue="{queue}"', f'queue="{queue}",outcome="{outcome}"'):
        match = re.search(rf"messages_consumed_total{{{labels}}} ([0-9.e+]+)", text)
        if match:
            return float(match[1])
    return 0.0
