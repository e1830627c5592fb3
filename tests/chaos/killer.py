"""The faults of a chaos run: a killer that SIGKILLs a random service process every 1-2 s and
restarts it, and one RabbitMQ restart mid-run (`rabbitmqctl stop_app`: every connection drops
and the port closes; a few seconds; `start_app`: queues and messages are back).

The killer's choices come from the run's seed. It never keeps more than `max_down` members
down at once (the run is about recovering, not about an empty cluster). From the broker's
stop until the gateway is seen answering again (or `recovery_window` seconds after the
broker is back) the gateway is spared, so its recovery is its own work, not a restart's:
`BrokerRestart.recovered_after` is None when it never answered in that window.

`MailRefusals` makes the SMTP sink refuse the next 1-3 messages with 451 (transient) every few
seconds: renderer_mailer retries them (MAIL_RETRY_DELAYS) and documents shows `failed` meanwhile.
"""
from __future__ import annotations

import asyncio
import random
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from services.smtp_sink.server import SmtpSink
from tests import harness
from tests.chaos.cluster import Cluster
from tests.private_broker import PrivateBroker

RESTART_DEADLINE = 300.0  # seconds a killed process has to come back (the broker may be down meanwhile)


async def pause(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass


@dataclass
class Killer:
    cluster: Cluster
    seed: int
    interval: tuple[float, float] = (1.0, 2.0)
    max_down: int = 4
    spare_gateway: bool = False
    restarts: set[asyncio.Task] = field(default_factory=set)
    gave_up: list[str] = field(default_factory=list)  # restarts that never got the process ready
    skipped: int = 0  # ticks without a kill: max_down members were down already

    def __post_init__(self) -> None:
        self.random = random.Random(f"killer:{self.seed}")
        # restarts wait for their process's /readyz: a pool of their own, so they never hold up
        # the default executor's threads (the broker restart's rabbitmqctl calls queued behind them)
        self.pool = ThreadPoolExecutor(self.max_down, thread_name_prefix="restart")

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await pause(stop, self.random.uniform(*self.interval))
            if stop.is_set():
                continue
            if len(self.cluster.down()) >= self.max_down:
                self.skipped += 1
                continue
            candidates = sorted(self.cluster.up(exclude=("gateway",) if self.spare_gateway else ()))
            if candidates:
                self.kill_and_restart(self.random.choice(candidates))

    def kill_and_restart(self, name: str) -> None:
        self.cluster.kill(name)
        task = asyncio.create_task(self._restart(name))
        self.restarts.add(task)
        task.add_done_callback(self.restarts.discard)

    async def _restart(self, name: str) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(self.pool, self.cluster.start, name, RESTART_DEADLINE)
        except RuntimeError as exc:  # brought back after the run (run.py); reported as a violation
            self.gave_up.append(f"{name}: {str(exc)[:300]}")

    async def settle(self) -> None:
        """Wait for every restart under way."""
        await asyncio.gather(*list(self.restarts))
        self.pool.shutdown()


@dataclass
class BrokerRestart:
    broker: PrivateBroker
    killer: Killer
    down_seconds: float = 3.0
    recovery_window: float = 60.0
    restarts: int = 0
    recovered_after: float | None = None
    gateway_restarted: bool = False  # the gateway was not the same process throughout (not measured)
    last_answer: str = ""
    steps: str = ""  # how long stopping and starting took

    async def run(self, gateway_url: str, api_key: str, progress=lambda: 0) -> None:
        """Restart the broker; `progress()` tells how far the run was when it went down (for the figures)."""
        self.killer.spare_gateway = True
        gateway = self.killer.cluster.members["gateway"].process
        started = time.monotonic()
        try:
            await asyncio.to_thread(self.ctl, "stop_app")
            stopped, down_at = time.monotonic(), progress()
            try:
                await asyncio.sleep(self.down_seconds)
            finally:
                await asyncio.to_thread(self.ctl, "start_app")
            self.restarts += 1
            back = time.monotonic() - stopped - self.down_seconds
            self.steps = (f"stop_app took {stopped - started:.1f} s (down at invoice {down_at}), then "
                          f"{self.down_seconds:g} s down, start_app took {back:.1f} s")
            await self._probe(gateway_url, api_key)
        finally:
            self.gateway_restarted = self.killer.cluster.members["gateway"].process is not gateway
            self.killer.spare_gateway = False

    def ctl(self, command: str) -> None:
        """`rabbitmqctl <command>` on the private node, at a raised priority: the CLI boots a VM
        (seconds of CPU) and, on a machine the killer keeps busy, would otherwise take 20-40 s,
        moving the restart to wherever it happened to finish (not raised when not root)."""
        subprocess.run(["nice", "-n", "-10", str(harness.INFRA), "rabbitmqctl", command], env=self.broker.env,
                       check=True, capture_output=True, timeout=120)

    async def _probe(self, gateway_url: str, api_key: str) -> None:
        """GET /documents through the gateway every 0.5 s until a 200 (recovered) or the window ends."""
        back = time.monotonic()
        async with httpx.AsyncClient(base_url=f"{gateway_url}/api/v1/company", headers={"X-API-Key": api_key},
                                     timeout=10) as http:
            while time.monotonic() - back < self.recovery_window:
                try:
                    resp = await http.get("/documents", params={"per_page": 1})
                    self.last_answer = f"{resp.status_code} {resp.text[:160]}"
                    if resp.status_code == 200:
                        self.recovered_after = time.monotonic() - back
                        return
                except httpx.TransportError as exc:
                    self.last_answer = repr(exc)
                await asyncio.sleep(0.5)


@dataclass
class MailRefusals:
    """Every `interval` seconds (seeded), the sink refuses its next 1..`most` messages with 451."""
    sink: SmtpSink
    seed: int
    interval: tuple[float, float] = (3.0, 8.0)
    most: int = 3
    planned: int = 0  # times the sink was told (a new plan replaces the last; withdrawn at the end)

    async def run(self, stop: asyncio.Event) -> None:
        draw = random.Random(f"mail:{self.seed}")
        try:
            while not stop.is_set():
                await pause(stop, draw.uniform(*self.interval))
                if not stop.is_set():
                    times = draw.randint(1, self.most)
                    self.sink.fail(451, "4.3.0 Servicio no disponible temporalmente (chaos)", times=times)
                    self.planned += 1
        finally:
            self.sink.accept()
