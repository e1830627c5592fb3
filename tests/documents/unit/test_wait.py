"""The bounded wait: woken by progress notifications, bounded by its deadline, `?wait=` parsed."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager

import pytest

from services.documents.process.progress import Progress
from services.documents.process.wait import requested_wait, wait_for
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit
NUMBERING = {"id": 7, "type": "invoice", "status": "issued", "process_state": "numbering", "number": None,
             "stock_expected": False, "stock_applied_at": None, "sri_submitted": False, "sri_status": "pending",
             "sri_sequence": 0, "mail_status": "pending", "files": {}, "render_requested": False, "mail": {}}


class FakePool:
    """Answers the document's SELECT with the current state; counts the looks."""

    def __init__(self, row):
        self.row, self.looks = row, 0

    @asynccontextmanager
    async def acquire(self):
        yield self

    async def fetchrow(self, *_args):
        self.looks += 1
        return self.row


async def test_a_notification_wakes_the_wait_at_once():
    pool, progress = FakePool(NUMBERING), Progress()
    progress.listening = True  # backstop poll: 1 s

    async def numbered_later():
        await asyncio.sleep(0.05)
        pool.row = {**NUMBERING, "process_state": "numbered"}
        progress.notified(None, 0, "documents_progress", "7")

    started = time.monotonic()
    asyncio.ensure_future(numbered_later())
    row = await wait_for(pool, 1, 7, time.monotonic() + 5, "numbered", progress)
    assert row["process_state"] == "numbered" and time.monotonic() - started < 0.5
    assert pool.looks == 2 and progress.waiters == {}


async def test_the_deadline_bounds_the_wait_and_polling_backs_up_the_listener():
    pool, progress = FakePool(NUMBERING), Progress()
    started = time.monotonic()
    row = await wait_for(pool, 1, 7, time.monotonic() + 0.35, "numbered", progress)
    assert row["process_state"] == "numbering" and 0.3 < time.monotonic() - started < 0.6
    assert pool.looks >= 3  # not listening: a look every 0.1 s
    progress.notified(None, 0, "documents_progress", "not-a-number")  # ignored


@pytest.mark.parametrize("raw,expected", [(None, 3.0), ("0", 0.0), ("2.5", 2.5), ("999", 20.0)])
def test_requested_wait(raw, expected):
    assert requested_wait(raw, 3.0, 20.0) == expected


@pytest.mark.parametrize("raw", ["-1", "abc", "nan", "inf"])
def test_bad_wait_is_422(raw):
    with pytest.raises(Unprocessable) as exc:
        requested_wait(raw, 3.0, 20.0)
    assert list(exc.value.errors) == ["wait"]
