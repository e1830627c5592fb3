"""The Recorder publishes each step's events after its commit without holding the pipeline up,
and a submission's events leave in the order they were written."""
from __future__ import annotations

import asyncio
import contextlib

import pytest

from services.sri_submitter.process.recorder import Recorder

pytestmark = pytest.mark.unit


class Pool:
    @contextlib.asynccontextmanager
    async def acquire(self):
        yield "conn"


class Relay:
    """Publishes the first batch slowly; keeps the order batches were published in."""

    def __init__(self):
        self.sent, self.first = [], True

    async def publish_held(self, conn, message_ids):
        if self.first:
            self.first = False
            await asyncio.sleep(0.05)
        self.sent.append(list(message_ids))
        return len(message_ids)


async def test_a_submissions_events_leave_in_order_and_in_the_background():
    relay = Relay()
    recorder = Recorder(Pool(), relay)
    recorder._publish(1, ["signed"])
    recorder._publish(2, ["other document"])
    recorder._publish(1, ["received", "authorized"])
    assert relay.sent == []  # nothing awaited by the caller
    await recorder.drain(1)
    assert relay.sent.index(["signed"]) < relay.sent.index(["received", "authorized"])
    assert relay.sent[0] == ["other document"]  # another submission does not wait for this one
    assert recorder.publishing == {}
