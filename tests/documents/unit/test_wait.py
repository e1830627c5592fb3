"""The bounded wait: woken by progress notifications, bounded by its deadline, `?wait=` parsed."""
from __future__ import annotations

import asyncio
import json
import time
from contextlib import asynccontextmanager

import pytest

from services.documents.process.progress import Progress
from services.documents.process.issuance import settled
from services.documents.process.wait import notified_state, requested_wait, wait_for
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


def notice(**changes) -> str:
    """A progress notification as db.write sends it: `<id> <the process state after the change>`."""
    state = {"process_state": "numbering", "stock_expected": False, "stock_applied": False, "sri_submitted": False,
             "sri_status": "pending", "render_requested": False, "mail_status": "pending", "pdf": False,
             "mail_permanent": None, **changes}
    return f"7 {json.dumps(state)}"


async def test_a_notified_state_that_cannot_settle_the_wait_is_not_looked_at():
    pool, progress = FakePool(NUMBERING), Progress()
    progress.listening = True

    async def flow():
        await asyncio.sleep(0.05)
        progress.notified(None, 0, "documents_progress", notice(sri_status="sending"))  # not settled: no look
        await asyncio.sleep(0.05)
        pool.row = {**NUMBERING, "process_state": "numbered"}
        progress.notified(None, 0, "documents_progress", notice(process_state="numbered"))

    asyncio.ensure_future(flow())
    row = await wait_for(pool, 1, 7, time.monotonic() + 5, "numbered", progress)
    assert row["process_state"] == "numbered" and pool.looks == 2


def test_a_notified_state_settles_as_the_row_would():
    mailed = notice(process_state="numbered", sri_submitted=True, sri_status="authorized", render_requested=True,
                    mail_status="sent", pdf=True).split(" ", 1)[1]
    assert settled(notified_state(json.loads(mailed)), "mail")
    failing = json.loads(notice(process_state="numbered", render_requested=True, pdf=True, mail_status="failed",
                                mail_permanent=False).split(" ", 1)[1])
    assert settled(notified_state(failing), "sri") and not settled(notified_state(failing), "mail")
    stock = json.loads(notice(process_state="numbered", stock_expected=True).split(" ", 1)[1])
    assert not settled(notified_state(stock), "numbered")
    assert settled(notified_state({**stock, "stock_applied": True}), "numbered")
