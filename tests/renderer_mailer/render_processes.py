"""The render processes of a renderer_mailer (process/render_pool.py), seen from outside through
/proc: the `spawn_main` children of a process, and the CPU each has used (to find the busy one)."""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> list[str]:
    return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()


def render_children(parent: int) -> list[int]:
    """The render processes started by `parent` (not its multiprocessing resource tracker)."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int(_stat(int(entry.name))[1]) == parent and b"spawn_main" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
    return found


def cpu_ticks(pid: int) -> int:
    """User + system CPU of `pid`, in clock ticks (0 once it is gone)."""
    try:
        fields = _stat(pid)
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def rss_mb(pid: int) -> float:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return _stat(pid)[0] != "Z"


async def busy_child(parent: int, timeout: float = 60) -> int:
    """A render process of `parent` that is using CPU (a render in progress), once one is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ticks = {pid: cpu_ticks(pid) for pid in render_children(parent)}
        await asyncio.sleep(0.3)
        busy = [pid for pid, before in ticks.items() if cpu_ticks(pid) - before >= 10]  # 0.1 s of CPU (100 Hz)
        if busy:
            return busy[0]
    raise AssertionError(f"no render process of {parent} became busy within {timeout}s")
