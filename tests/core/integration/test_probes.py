"""Scrape-time probes on real PostgreSQL and RabbitMQ: the outbox's lag and the queues' depths."""
from __future__ import annotations

import aio_pika
import pytest
from prometheus_client import REGISTRY

from shared.contracts import Contract
from shared.db.outbox import Outbox
from shared.messaging.topology import QueueSpec, declare_queue
from shared.observability.probes import OutboxLag, QueueDepths, SqlGauge
from shared.observability.metrics import DOCUMENTS
from tests import harness

pytestmark = pytest.mark.integration


class ThingHappened(Contract):
    TYPE = "tests.thing_happened"
    n: int


def value(name: str, **labels) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_outbox_lag_is_the_age_of_the_oldest_unrelayed_row(schema):
    _, pool = schema
    lag = OutboxLag(pool)
    await lag.read()
    assert value("outbox_pending") == 0 and value("outbox_oldest_pending_seconds") == 0
    async with pool.acquire() as conn, conn.transaction():
        await Outbox(conn).add_all([ThingHappened(n=1), ThingHappened(n=2)], company_id=1)
        await conn.execute("UPDATE outbox SET created_at = now() - interval '90 seconds' WHERE id = (SELECT min(id) "
                           "FROM outbox)")
    await lag.read()
    assert value("outbox_pending") == 2 and 89 < value("outbox_oldest_pending_seconds") < 120
    async with pool.acquire() as conn:
        await conn.execute("UPDATE outbox SET published_at = now()")
    await lag.read()
    assert value("outbox_pending") == 0 and value("outbox_oldest_pending_seconds") == 0


async def test_a_sql_gauge_reads_its_query(schema):
    _, pool = schema
    sql = "SELECT 'invoice', 'issued', 'authorized', 7 UNION ALL SELECT 'quotation', 'draft', 'not_applicable', 2"
    await SqlGauge(pool, DOCUMENTS, sql, every=60, name="documents").read()
    assert value("documents_by_state", type="invoice", status="issued", sri_status="authorized") == 7
    assert value("documents_by_state", type="quotation", status="draft", sri_status="not_applicable") == 2


async def test_queue_depths_count_the_queue_and_its_dead_letters(amqp, channel):
    name = harness.unique("tests.on_depth")
    await declare_queue(channel, QueueSpec(name, ()))
    for n in range(3):
        await channel.default_exchange.publish(aio_pika.Message(b"{}"), routing_key=name)
    await channel.default_exchange.publish(aio_pika.Message(b"{}"), routing_key=f"{name}.dlq")
    depths = QueueDepths(amqp, [name])

    async def three_ready() -> bool:
        await depths.read()
        return value("queue_messages", queue=name) == 3
    await harness.eventually(three_ready)
    assert value("dead_letter_messages", queue=name) == 1
    await channel.queue_delete(name)
    await channel.queue_delete(f"{name}.dlq")
    for delay in QueueSpec(name, ()).retry_delays_ms:
        await channel.queue_delete(f"{name}.retry.{delay}")
