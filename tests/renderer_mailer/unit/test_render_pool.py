"""The render processes (process/render_pool.py): the service's own process never loads
WeasyPrint; a render runs in a child and returns the PDF; a child killed mid-render fails that
render with BrokenProcessPool (for process/rendering.py to retry it) and the next render gets a
new child; a child that keeps too much memory after a render is replaced without failing any."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import pytest

from services.renderer_mailer.process import render_pool
from services.renderer_mailer.process.render_pool import BrokenProcessPool, RenderPool
from tests.harness import eventually
from tests.renderer_mailer.commands import command
from tests.renderer_mailer.render_processes import busy_child, is_alive, render_children
from tests.renderer_mailer.rides import long_invoice

pytestmark = pytest.mark.unit


def test_the_service_process_does_not_load_weasyprint():
    code = ("import sys, services.renderer_mailer.app, services.renderer_mailer.ride as ride; ride.Ride; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf', 'tinycss2')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


async def test_a_child_killed_mid_render_breaks_that_render_and_the_next_gets_a_new_child():
    pool = RenderPool(1)
    try:
        doc = command(document_id=7).model_dump(mode="json")
        assert (await pool.render(doc, None)).startswith(b"%PDF")
        [first] = render_children(os.getpid())

        long = asyncio.ensure_future(pool.render(command(long_invoice(300), document_id=8).model_dump(mode="json"),
                                                 None))
        victim = await busy_child(os.getpid())
        assert victim == first and not long.done()
        os.kill(victim, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            await long

        pdf = await pool.render(doc, None)
        assert pdf.startswith(b"%PDF") and render_children(os.getpid()) != [first]
        assert not is_alive(first)
    finally:
        pool.close()


async def test_a_child_holding_too_much_memory_is_replaced_after_its_render(monkeypatch):
    monkeypatch.setattr(render_pool, "RECYCLE_MB", 1)  # every child is over it after a render
    pool = RenderPool(1)
    try:
        doc = command(document_id=7).model_dump(mode="json")
        first_executor = pool.executor
        assert (await pool.render(doc, None)).startswith(b"%PDF")
        [first] = render_children(os.getpid())
        assert pool.executor is not first_executor  # new renders go to a new child ...
        await eventually(lambda: not is_alive(first), timeout=30)  # ... the old one ends once done
        assert (await pool.render(doc, None)).startswith(b"%PDF")
        assert render_children(os.getpid()) not in ([], [first])
    finally:
        pool.close()
