"""Helpers of the documents integration tests: Part A key sets and short calls."""
from __future__ import annotations

import re

import aio_pika
import httpx

from shared.contracts.envelope import Envelope, routing_key_for, utcnow
from shared.contracts.gateway import CompanyUpdated
from shared.messaging.connection import confirm_channel
from shared.messaging.topology import EVENTS
from shared.contracts.sri_results import DocumentAuthorized
from tests.harness import eventually

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


async def authorize(call, broker, company: int, document_id: int) -> dict:
    """Play the sri_submitter: the document's DocumentAuthorized; its detail once documents applied it."""
    [cause] = await broker.wait_for("sri.submit_document", document_id)
    key = f"{document_id:049d}"
    await broker.publish(DocumentAuthorized(document_id=document_id, access_key=key, authorization_number=key,
                                            authorized_at=utcnow(), environment="test",
                                            xml_path=f"companies/{company}/{key}.xml"), cause)

    async def applied():
        reply = await call(SVC, "documents.get", company_id=company, path_params={"id": str(document_id)})
        return reply.body if reply.body["sri_status"] == "authorized" else None
    return await eventually(applied, timeout=10)


async def publish(amqp_docs, contract, company_id: int) -> None:
    """Publish an event of another service (e.g. payments' ReceivableUpdated) on the documents vhost."""
    env = Envelope.wrap(contract, company_id=company_id)
    channel = await confirm_channel(amqp_docs)
    exchange = await channel.get_exchange(EVENTS)
    await exchange.publish(aio_pika.Message(env.model_dump_json().encode()),
                           routing_key=routing_key_for(env.type, env.version))
    await channel.close()


async def announce_company(amqp_docs, call, company_id: int, **changes) -> dict:
    """Publish the company's `gateway.company_updated` (the demo company, with `changes`) and wait
    until documents' read model shows it; returns what it shows."""
    fields = {"ruc": "1792146739001", "legal_name": "Empresa Demo S.A.", "trade_name": "Demo",
              "address": "Av. Amazonas N24-03, Quito",
              "settings": {"sri_environment": "test", "default_series": "001-001", "auto_sri_submit": True,
                           "timezone": "America/Guayaquil"}, **changes}
    await publish(amqp_docs, CompanyUpdated(company_id=company_id, **fields), company_id)

    async def known():
        reply = await call("documents", "companies.get", company_id=company_id)
        shown = reply.body if reply.status == 200 else {}
        return shown if all(shown.get(k) == v for k, v in fields.items()) else None

    return await eventually(known, timeout=10)
