"""The render processes: RIDEs are rendered in RENDER_PROCESSES child processes
(concurrent.futures.ProcessPoolExecutor, 'spawn' context), not in threads of the service.

WeasyPrint's layout is CPU-bound Python: in threads, renders hold the GIL against the event loop
(consumers, RPC, mail, webhooks) and all of them share one core. In processes each render has a
core of its own, and the service's process never imports WeasyPrint (only the children do).

Only plain data crosses: the command as stored on its render row (a dict) and the logo's bytes
in, the PDF's bytes out. The service writes the file (FileStore) and records the render under
its lease, as before (process/rendering.py).

A child is started on first use and then kept: it loads WeasyPrint, the templates and the fonts
once (`_start_child`), ignores SIGINT (the service ends it: at shutdown, or when the service
itself is gone, which it checks every WATCH_SECONDS) and logs as the service does.

Memory: a child holds about 90 MB rendering one-page RIDEs; a long multi-page document takes
more while it renders. After such a render the child gives the freed memory back (gc, then
malloc_trim), and if it still holds more than RECYCLE_MB the executor is retired: new renders go
to a new one, the old one's children finish what they have and exit.

A child that dies (killed, out of memory) breaks the whole executor: every render in flight
with it fails with BrokenProcessPool. The first to see it replaces the executor with a new one;
the failed renders go back through the lease/retry path of process/rendering.py (nothing was
written or recorded for them), so each is rendered again and recorded once.
"""
from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)
CONTEXT = "spawn"  # a fresh interpreter: nothing of the service's process (threads, sockets, loop) is inherited
WATCH_SECONDS = 1.0
SERVICE = "renderer_mailer"
TRIM_MB = 100  # a child above this after a render frees what it can
RECYCLE_MB = 120  # ... and is replaced if it still holds more (the platform's budget per process)

__all__ = ["BrokenProcessPool", "RenderPool"]


def _watch_parent(parent: int) -> None:
    """In a child: exit once the service is gone (its parent pid changes)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(0)


def _start_child(parent: int, log_level: str) -> None:
    """A child's initializer: logs, signals, the parent watch, then WeasyPrint loaded and warmed up."""
    from services.renderer_mailer.ride.document import warm_up
    from shared.observability.logging import setup_logging

    setup_logging(SERVICE, log_level)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    warm_up()


def _rss_mb() -> float:
    """This process's resident memory in MB (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


def _trim() -> None:
    """Give the memory freed by a big render back to the system (glibc keeps it otherwise)."""
    gc.collect()
    libc = ctypes.CDLL(None)  # the C library the interpreter runs on
    if hasattr(libc, "malloc_trim"):  # glibc
        libc.malloc_trim(0)


def _render(command: dict[str, Any], logo: bytes | None) -> tuple[bytes, float]:
    """In a child: the PDF of a stored render command (ride/document.py) and the child's RSS (MB) after it."""
    from services.renderer_mailer.ride.document import render_command

    pdf = render_command(command, logo)
    if (rss := _rss_mb()) > TRIM_MB:
        _trim()
        rss = _rss_mb()
    return pdf, rss


class RenderPool:
    """`await render(command, logo) -> pdf bytes` in one of `processes` children."""

    def __init__(self, processes: int, log_level: str = "INFO"):
        self.processes, self.log_level = processes, log_level
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context(CONTEXT),
                                   initializer=_start_child, initargs=(os.getpid(), self.log_level))

    async def render(self, command: dict[str, Any], logo: bytes | None) -> bytes:
        """The PDF; BrokenProcessPool when the child died (the pool is replaced: retry later)."""
        executor = self.executor
        try:
            pdf, rss = await asyncio.get_running_loop().run_in_executor(executor, _render, command, logo)
        except BrokenProcessPool:
            self._replace(executor, "a render process died: render processes restarted")
            raise
        if rss > RECYCLE_MB:
            self._replace(executor, "a render process holds too much memory: render processes replaced",
                          rss_mb=round(rss))
        return pdf

    def _replace(self, old: ProcessPoolExecutor, why: str, **fields: Any) -> None:
        """New renders go to a new executor; the old one's children end (after their current render)."""
        if self.executor is not old:  # another render saw it first
            return
        log.warning(why, extra={"fields": fields})
        self.executor = self._new()
        old.shutdown(wait=False)

    def close(self) -> None:
        """Stop the children once their current render ends (renders not started are dropped:
        their rows are leased, so they come back)."""
        self.executor.shutdown(wait=False, cancel_futures=True)
