"""Dead letters as the chaos run reads them (on the shared broker, in this run's vhost): peeked,
never consumed, and explained when their consumer's inbox shows they were already applied."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from uuid import uuid4

import aio_pika
import asyncpg
import pytest

from shared.db.migrate import apply_migrations
from tests import harness
from tests.chaos import collect

pytestmark = pytest.mark.integration
QUEUE = "documents.on_chaos_probe"


@dataclass
class SharedBroker:
    """What collect needs of a broker: its rabbitmqctl environment and a URL with the vhost."""
    env: dict[str, str]
    url: str


async def test_dead_letters_are_peeked_and_explained_by_the_inbox(infra, amqp_url):
    name = harness.unique("dlq")
    dsn = await harness.create_database(infra, name)
    amqp = await aio_pika.connect(amqp_url)
    conn = await asyncpg.connect(dsn)
    try:
        await apply_migrations(dsn, "documents", None)
        applied, unknown = uuid4(), uuid4()
        await conn.execute("INSERT INTO documents.inbox (consumer, message_id) VALUES ($1, $2)", QUEUE, applied)
        channel = await amqp.channel()
        dlq = await channel.declare_queue(f"{QUEUE}.dlq", durable=True, arguments={"x-queue-type": "quorum"})
        for message_id in (applied, unknown):
            body = json.dumps({"message_id": str(message_id), "type": "tests.probed"}).encode()
            await channel.default_exchange.publish(aio_pika.Message(body), routing_key=dlq.name)
        broker = SharedBroker({**os.environ, "RUN_DIR": str(harness.RUN_DIR)}, amqp_url)
        assert dlq.name in collect.queue_names(broker)  # type: ignore[arg-type]
        letters = await collect.dead_letters(broker, conn)  # type: ignore[arg-type]
        assert sorted(letter.explanation or "" for letter in letters) == [
            "", "already applied by its consumer (a duplicate copy)"]
        assert {(letter.queue, letter.type, letter.reason) for letter in letters} == {
            (QUEUE, "tests.probed", "rejected")}
        assert sorted(map(str, await collect.dead_letters(broker, conn))) == sorted(map(str, letters))  # type: ignore
        await dlq.delete(if_unused=False, if_empty=False)
    finally:
        await conn.close()
        await amqp.close()
        await harness.drop_database(infra, name)
