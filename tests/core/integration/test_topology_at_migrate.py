"""`python -m services.<svc> migrate` declares the service's queues: an event published
before the consumer ever started is kept for it (a fresh installation's first events)."""
from __future__ import annotations

import pytest

from shared.contracts import Envelope
from shared.db.outbox import Outbox
from shared.messaging.outbox_relay import OutboxRelay
from shared.messaging.topology import EVENTS, QueueSpec
from shared.runtime.runner import ServiceSpec, declare_topology
from tests import harness
from tests.core.integration.test_messaging import ThingHappened

pytestmark = pytest.mark.integration


async def test_migrate_declares_queues_so_early_events_wait_for_their_consumer(schema, amqp, amqp_url, channel):
    _, pool = schema
    name = harness.unique("tests.early")
    spec = ServiceSpec("early", subscriptions=[(QueueSpec(name, ((EVENTS, "tests.thing_happened.v1"),)), None)])
    assert await declare_topology(spec, amqp_url) == 1
    assert await declare_topology(spec, amqp_url) == 1  # idempotent

    async with pool.acquire() as conn, conn.transaction():
        await Outbox(conn).add(ThingHappened(n=7), company_id=1)
    assert await OutboxRelay(pool, channel).relay_once() == 1

    queue = await (await amqp.channel()).get_queue(name)  # passive: exists, with the event in it
    message = await queue.get(timeout=5)
    assert Envelope.model_validate_json(message.body).payload["n"] == 7
    await message.ack()
    await queue.delete(if_unused=False, if_empty=False)
