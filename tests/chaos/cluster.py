"""The platform under chaos: every service as a process (two replicas of each worker), each
one killable with SIGKILL and restarted the way it was first started (harness.start_service).

A restart that fails (the broker is down, the machine is slow) is tried again until it
succeeds or its deadline passes; the gateway always comes back on its own port, so the
clients keep one URL. Every start and kill is counted for the report.
"""
from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests import harness

WORKERS = ("sequencing", "inventory", "documents", "sri_submitter", "renderer_mailer", "payments")
REPLICAS = 2


def stable_port() -> int:
    """A free port below the ephemeral range: no outgoing connection and no other test's
    free_port() takes it while its process is down, so a restart on it cannot find it taken."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(min(10_000, low // 2), low), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return harness.free_port()


@dataclass
class Member:
    """One slot of the cluster (`documents#2`): the process currently filling it, if any."""
    name: str
    service: str
    env: dict[str, str]
    port: int | None = None  # fixed port (the gateway's); None: a free one at every start
    process: harness.ServiceProcess | None = None
    up: bool = False


@dataclass
class Cluster:
    log_dir: Path
    members: dict[str, Member] = field(default_factory=dict)
    kills: Counter = field(default_factory=Counter)
    failed_starts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closed: bool = False

    def add(self, service: str, env: dict[str, str], replicas: int = 1, port: int | None = None) -> None:
        for n in range(1, replicas + 1):
            name = service if replicas == 1 else f"{service}#{n}"
            self.members[name] = Member(name, service, env, port)

    def start_all(self, names: list[str] | None = None) -> None:
        """Start members in parallel (each waits for its /readyz); raises if one cannot start."""
        names = names or list(self.members)
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(lambda name: self.start(name, deadline=90), names))

    def start(self, name: str, deadline: float = 120) -> None:
        """Start the member, trying again (1 s apart) until it is ready or `deadline` seconds pass
        (the broker may be down); nothing is started any more once the cluster is stopped."""
        member, give_up = self.members[name], time.monotonic() + deadline
        while not self.closed:
            try:
                process = harness.start_service(member.service, member.env, log_dir=self.log_dir,
                                                port=member.port, timeout=90)
            except RuntimeError:
                with self.lock:
                    self.failed_starts[member.service] += 1
                if time.monotonic() > give_up:
                    raise
                time.sleep(1)
                continue
            with self.lock:
                member.process, member.up = process, not self.closed
            if self.closed:
                process.kill()
            return

    def kill(self, name: str) -> None:
        member = self.members[name]
        with self.lock:
            member.up = False
            self.kills[member.service] += 1
        if member.process is not None:
            member.process.kill()

    def up(self, *, exclude: tuple[str, ...] = ()) -> list[str]:
        with self.lock:
            return [m.name for m in self.members.values() if m.up and m.service not in exclude]

    def down(self) -> list[str]:
        with self.lock:
            return [m.name for m in self.members.values() if not m.up]

    def url(self, name: str) -> str:
        process = self.members[name].process
        assert process is not None, f"{name} is not running"
        return process.url

    def stop_all(self) -> None:
        """SIGTERM every running member (SIGKILL after 10 s), in parallel; no restart after this."""
        self.closed = True
        running = [m.process for m in self.members.values() if m.process is not None]
        with ThreadPoolExecutor(max(1, len(running))) as pool:
            list(pool.map(lambda p: p.stop(timeout=10), running))
        for member in self.members.values():
            member.up = False
