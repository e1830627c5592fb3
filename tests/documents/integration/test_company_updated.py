"""gateway.company_updated v1 -> the documents read model, exactly once, newest wins."""
import re
from datetime import timedelta

import aio_pika
import asyncpg
import httpx
import pytest

from shared.contracts.envelope import Envelope, utcnow
from tests.harness import eventually

pytestmark = pytest.mark.integration
QUEUE = "documents.on_company_updated"


def snapshot(company_id: int, legal_name: str) -> dict:
    return {"company_id": company_id, "ruc": "1792146739001", "legal_name": legal_name,
            "trade_name": "Demo", "address": "Quito", "settings": {"sri_environment": "test"},
            "modules": ["sales", "inventory"], "unknown_future_field": 1}


async def publish(docs_amqp_url: str, env: Envelope, times: int = 1) -> None:
    conn = await aio_pika.connect(docs_amqp_url)
    async with conn:
        channel = await conn.channel(publisher_confirms=True)
        exchange = await channel.get_exchange("events")
        for _ in range(times):
            await exchange.publish(aio_pika.Message(env.model_dump_json().encode(), message_id=str(env.message_id),
                                                    content_type="application/json"),
                                   routing_key="gateway.company_updated.v1")


def consumed(service, outcome: str) -> float:
    text = httpx.get(service.url + "/metrics").text
    match = re.search(rf'messages_consumed_total{{outcome="{outcome}",queue="{QUEUE}"}} ([0-9.e+]+)', text) or \
        re.search(rf'messages_consumed_total{{queue="{QUEUE}",outcome="{outcome}"}} ([0-9.e+]+)', text)
    return float(match[1]) if match else 0.0


def company_updated(company_id: int, legal_name: str, **envelope) -> Envelope:
    return Envelope(type="gateway.company_updated", version=1, company_id=company_id,
                    payload=snapshot(company_id, legal_name), **envelope)


async def legal_name(call, company_id: int) -> str | None:
    reply = await call("documents", "companies.get", company_id=company_id)
    return reply.body.get("legal_name")


async def test_company_updated_is_applied_exactly_once(call, documents, company_id, docs_amqp_url, docs_database_url):
    before_ok, before_dup = consumed(documents, "ok"), consumed(documents, "duplicate")
    env = company_updated(company_id, "Demo S.A.")
    await publish(docs_amqp_url, env, times=2)  # a redelivery: same message_id
    await eventually(lambda: consumed(documents, "duplicate") >= before_dup + 1)
    assert consumed(documents, "ok") == before_ok + 1
    reply = await call("documents", "companies.get", company_id=company_id)
    assert reply.status == 200
    assert reply.body | {"updated_at": None} == {
        "company_id": company_id, "ruc": "1792146739001", "legal_name": "Demo S.A.", "trade_name": "Demo",
        "address": "Quito", "settings": {"sri_environment": "test"}, "modules": ["sales", "inventory"],
        "updated_at": None}
    conn = await asyncpg.connect(docs_database_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM documents.inbox WHERE message_id = $1", env.message_id) == 1
    finally:
        await conn.close()


async def test_an_older_snapshot_never_overwrites_a_newer_one(call, documents, company_id, docs_amqp_url):
    now = utcnow()
    before_ok = consumed(documents, "ok")
    await publish(docs_amqp_url, company_updated(company_id, "Demo S.A.", occurred_at=now))
    await publish(docs_amqp_url, company_updated(company_id, "Vieja", occurred_at=now - timedelta(minutes=5)))
    await eventually(lambda: consumed(documents, "ok") >= before_ok + 2)
    assert await legal_name(call, company_id) == "Demo S.A."
    await publish(docs_amqp_url, company_updated(company_id, "Nueva S.A.", occurred_at=now + timedelta(seconds=1)))

    async def renamed():
        return await legal_name(call, company_id) == "Nueva S.A."
    await eventually(renamed)


async def test_unknown_company_is_404(call, company_id):
    reply = await call("documents", "companies.get", company_id=company_id)
    assert reply.status == 404
