"""CPU time and memory of the platform's processes, read from /proc (Linux only).

CPU of a process tree = its own utime + stime, plus cutime + cstime (the children it has reaped:
PostgreSQL's backends that ended, a subprocess a service waited for), plus the same for each
live child. The difference of two readings is then the CPU the tree used between them, whatever
started or ended in between (PostgreSQL: all postgres processes, the postmaster and its children).

The processes of `make up`: the services from $RUN_DIR/pids/<svc>.pid (only when the pid still runs
`-m services.<svc>`), RabbitMQ's beam.smp from $RUN_DIR/rabbitmq/rabbit.pid, and the postmaster from
the first line of $RUN_DIR/pg/postmaster.pid.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SERVICES = ("gateway", "documents", "inventory", "sequencing", "sri_submitter", "renderer_mailer", "payments",
            "sri_simulator", "smtp_sink")
RABBITMQ, POSTGRESQL = "RabbitMQ", "PostgreSQL"


@dataclass(frozen=True)
class Stat:
    """The fields of /proc/<pid>/stat this module uses (times in clock ticks)."""

    pid: int
    comm: str
    state: str
    ppid: int
    utime: int
    stime: int
    cutime: int
    cstime: int

    @property
    def ticks(self) -> int:
        """Own CPU plus the CPU of the children it reaped."""
        return self.utime + self.stime + self.cutime + self.cstime


def parse_stat(text: str) -> Stat:
    """/proc/<pid>/stat: `pid (comm) state ppid ...`; comm may hold spaces and parentheses, so the
    fields after it are counted from the last ')'. utime, stime, cutime, cstime are fields 14-17."""
    head, _, rest = text.rpartition(")")
    pid, _, comm = head.partition("(")
    fields = rest.split()
    return Stat(pid=int(pid), comm=comm, state=fields[0], ppid=int(fields[1]), utime=int(fields[11]),
                stime=int(fields[12]), cutime=int(fields[13]), cstime=int(fields[14]))


def parse_status(text: str) -> dict[str, int]:
    """/proc/<pid>/status memory lines in kB: {"VmRSS": 51234, "RssAnon": ..., ...}."""
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            out[key] = int(parts[0])
    return out


def read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def process_table(proc: str = "/proc") -> dict[int, Stat]:
    table = {}
    for name in os.listdir(proc):
        if name.isdigit() and (text := read(f"{proc}/{name}/stat")) is not None:
            table[int(name)] = parse_stat(text)
    return table


def descendants(root: int, table: dict[int, Stat]) -> list[int]:
    children: dict[int, list[int]] = {}
    for st in table.values():
        children.setdefault(st.ppid, []).append(st.pid)
    found, todo = [], list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def tree_ticks(root: int, table: dict[int, Stat]) -> int:
    """CPU ticks of `root` and of every live descendant (each with its reaped children)."""
    return sum(table[pid].ticks for pid in [root, *descendants(root, table)] if pid in table)


def cmdline(pid: int) -> str:
    return (read(f"/proc/{pid}/cmdline") or "").replace("\0", " ").strip()


def environ(pid: int) -> dict[str, str] | None:
    """The environment a process started with (None when unreadable)."""
    text = read(f"/proc/{pid}/environ")
    if text is None:
        return None
    return dict(item.split("=", 1) for item in text.split("\0") if "=" in item)


def pid_file(path: Path) -> int | None:
    try:
        first = path.read_text().split()[0]
    except (FileNotFoundError, IndexError):
        return None
    return int(first) if first.isdigit() else None


def alive(pid: int | None) -> bool:
    text = read(f"/proc/{pid}/stat") if pid else None
    return text is not None and parse_stat(text).state != "Z"


def platform_processes(run_dir: Path) -> dict[str, int]:
    """name -> pid of every process of `make up` that runs now (a service absent or stale: left out)."""
    found = {}
    for svc in SERVICES:
        pid = pid_file(run_dir / "pids" / f"{svc}.pid")
        if alive(pid) and cmdline(pid).endswith(f"-m services.{svc}"):
            found[svc] = pid
    for name, path in ((RABBITMQ, run_dir / "rabbitmq" / "rabbit.pid"), (POSTGRESQL, run_dir / "pg" / "postmaster.pid")):
        if alive(pid := pid_file(path)):
            found[name] = pid
    return found


def cpu_ticks(roots: dict[str, int]) -> dict[str, int]:
    table = process_table()
    return {name: tree_ticks(pid, table) for name, pid in roots.items()}


class CpuMeter:
    """CPU milliseconds of each named process tree between start() and stop()."""

    def __init__(self, roots: dict[str, int]):
        self.roots = dict(roots)
        self.ms: dict[str, float] = {}

    def start(self) -> "CpuMeter":
        self._before, self._t0 = cpu_ticks(self.roots), time.perf_counter()
        return self

    def stop(self) -> dict[str, float]:
        """ms by name; NaN for a process that ended in between (a service restarted: no figure)."""
        table = process_table()
        self.seconds = time.perf_counter() - self._t0
        self.ms = {name: (tree_ticks(pid, table) - self._before[name]) * 1000 / CLK_TCK if pid in table
                   else float("nan") for name, pid in self.roots.items()}
        return self.ms


def memory(pid: int) -> dict[str, int]:
    return parse_status(read(f"/proc/{pid}/status") or "")


class RssSampler:
    """A thread reading, every `interval` seconds, the RSS of each named process (VmRSS; PostgreSQL:
    RssAnon, its private memory, summed over all its processes, as VmRSS would count the shared
    buffers once per backend) and of the largest of its child processes (a render pool's workers);
    keeps the peaks."""

    def __init__(self, roots: dict[str, int], interval: float = 0.2):
        self.roots, self.interval = dict(roots), interval
        self.peak: dict[str, int] = {name: 0 for name in roots}
        self.child_peak: dict[str, int] = {name: 0 for name in roots}
        self.children: dict[str, int] = {name: 0 for name in roots}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def sample(self) -> None:
        table = process_table()
        for name, pid in list(self.roots.items()):  # the suite may swap a restarted service's pid
            kids = descendants(pid, table)
            if name == POSTGRESQL:
                kb = sum(memory(p).get("RssAnon", 0) for p in [pid, *kids])
            else:
                kb = memory(pid).get("VmRSS", 0)
                self.children[name] = max(self.children.get(name, 0), len(kids))
                self.child_peak[name] = max([self.child_peak.get(name, 0), *(memory(p).get("VmRSS", 0) for p in kids)])
            self.peak[name] = max(self.peak.get(name, 0), kb)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self) -> "RssSampler":
        self._thread.start()
        return self

    def stop(self) -> "RssSampler":
        self._stop.set()
        self._thread.join()
        return self


def idle_rss(roots: dict[str, int], samples: int = 5, interval: float = 0.2) -> RssSampler:
    """The highest of a few readings, the platform doing nothing of ours."""
    sampler = RssSampler(roots)
    for _ in range(samples):
        sampler.sample()
        time.sleep(interval)
    return sampler
