"""The dead-letter command (shared/ops/dlq.py) on the real broker: a message a consumer gives up on is
listed and inspected without leaving its DLQ, replayed to its queue with its message id, and then
handled exactly once (the inbox drops the copy that comes again); one no consumer wants is discarded."""
from __future__ import annotations

import io

import pytest
from prometheus_client import REGISTRY

from shared.contracts import Contract, Envelope
from shared.messaging.consumer import MessageConsumer
from shared.messaging.connection import confirm_channel
from shared.messaging.publisher import amqp_message
from shared.messaging.subscribe import Subscription
from shared.messaging.topology import EVENTS, QueueSpec
from shared.ops import deadletters, dlq
from tests import harness

pytestmark = pytest.mark.integration


class ThingHappened(Contract):
    TYPE = "tests.thing_happened"
    n: int


async def command(amqp_url: str, queue: str, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = await dlq.run([queue], amqp_url, argv, out)
    return code, out.getvalue()


async def dead_letters(amqp, queue: str, wanted: int) -> bool:
    async with amqp.channel() as channel:
        return await deadletters.count(channel, queue) == wanted


def consumed(queue: str, outcome: str) -> float:
    return REGISTRY.get_sample_value("messages_consumed_total", {"queue": queue, "outcome": outcome}) or 0


async def test_dead_letters_are_listed_inspected_and_replayed_once(schema, amqp, amqp_url):
    _, pool = schema
    handled: list[int] = []
    broken = True

    async def handle(env, *, conn):
        await conn.execute("SELECT 1")
        if broken:
            raise RuntimeError("downstream away")
        handled.append(env.payload["n"])

    name = harness.unique("tests.on_thing")
    key = f"{name}.thing.v1"
    consumer = MessageConsumer(pool, await confirm_channel(amqp), Subscription(
        QueueSpec(name, ((EVENTS, key),), retry_delays_ms=(100,)), handle, None))
    await consumer.start()
    publisher = await confirm_channel(amqp)
    events = await publisher.get_exchange(EVENTS)
    first, second, third = (Envelope.wrap(ThingHappened(n=n), company_id=3, correlation_id=f"document:{n}")
                            for n in (1, 2, 3))
    for env in (first, second, third):
        await events.publish(amqp_message(env), routing_key=key)
    await harness.eventually(lambda: dead_letters(amqp, name, 3))  # the counter moves just before the reject
    first_id, second_id, third_id = str(first.message_id), str(second.message_id), str(third.message_id)

    code, out = await command(amqp_url, name, "list", "--all")
    assert code == 0 and f"{name} " in out and "1 queue(s), 3 dead letter(s)" in out
    code, out = await command(amqp_url, name, "list", name)
    assert code == 0 and f"{name}.dlq: 3 dead letter(s)" in out
    assert first_id in out and second_id in out and "rejected" in out and "tests.thing_happened" in out
    code, out = await command(amqp_url, name, "show", f"{name}.dlq", first_id)
    assert code == 0 and f"message id:     {first_id}" in out and "correlation id: document:1" in out
    assert "company id:     3" in out and f"death:          rejected in {name} at " in out
    assert "retries made:   1 (x-attempt)" in out and '"n": 1' in out and '"x-death"' in out
    assert await dead_letters(amqp, name, 3)  # reading took nothing away
    code, out = await command(amqp_url, name, "discard", name, third_id)
    assert code == 0 and f"message id:     {third_id}" in out and '"n": 3' in out
    assert f"discarded {third_id} from {name}.dlq" in out and "1 message(s) discarded" in out

    broken = False
    code, out = await command(amqp_url, name, "replay", name, first_id)
    assert code == 0 and f"replayed {first_id} (tests.thing_happened) -> {name}" in out
    await harness.eventually(lambda: handled == [1])
    await events.publish(amqp_message(first), routing_key=key)  # the original again: the inbox has it
    await harness.eventually(lambda: consumed(name, "duplicate") == 1)
    code, out = await command(amqp_url, name, "replay", name, first_id)
    assert code == 1 and f"no dead letter {first_id} in {name}.dlq" in out
    code, out = await command(amqp_url, name, "replay", name, "--all")
    assert code == 0 and second_id in out and "1 message(s) replayed" in out
    await harness.eventually(lambda: sorted(handled) == [1, 2])
    assert await dead_letters(amqp, name, 0)
    assert handled.count(1) == 1 and consumed(name, "ok") == 2
    await consumer.stop(1)


async def test_a_replayed_copy_keeps_the_message_and_starts_the_retries_again(amqp):
    name = harness.unique("tests.on_copy")
    channel = await confirm_channel(amqp)
    await channel.declare_queue(f"{name}.dlq", durable=True, arguments={"x-queue-type": "quorum"})
    await channel.declare_queue(name, durable=True, arguments={"x-queue-type": "quorum"})
    env = Envelope.wrap(ThingHappened(n=5), company_id=4)
    await channel.default_exchange.publish(amqp_message(env, headers={"x-attempt": 3}), routing_key=f"{name}.dlq")
    (done,) = await deadletters.replay(amqp, name, {str(env.message_id)})
    assert done.attempts == 3 and done.queue == name
    copy = await harness.eventually(lambda: _get(channel, name))
    assert copy.message_id == str(env.message_id) and copy.body == env.model_dump_json().encode()
    assert copy.type == env.type and copy.correlation_id == env.correlation_id
    assert "x-attempt" not in copy.headers and copy.headers["x-replays"] == 1
    assert copy.headers["company_id"] == 4 and copy.headers["version"] == 1
    await copy.ack()
    await channel.queue_delete(name)
    await channel.queue_delete(f"{name}.dlq")


async def _get(channel, name):
    queue = await channel.declare_queue(name, passive=True, robust=False)
    return await queue.get(fail=False)
