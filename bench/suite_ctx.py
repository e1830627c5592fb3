"""What the suite's steps share: the stack's addresses, the platform's processes, the run's sizes,
the API client and data made at setup, and CPU measurement around a step."""
from __future__ import annotations

import asyncio
import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import procstat
from table import cpu_cell


@dataclass(frozen=True)
class Plan:
    """Sizes of one run (`--quick`: a short run that checks the suite works)."""

    clients: int = 8
    wrk_seconds: float = 10
    wrk_warm: float = 2
    rate: float = 200
    rate_seconds: float = 10
    invoices: int = 100
    one_client: int = 8
    mailed: int = 90
    mail_clients: int = 24  # the mail flow's latency is seconds: enough clients to keep the renderer busy
    render_seconds: float = 10
    numbering: int = 1000
    payments: int = 300
    raw_seconds: float = 5
    idle_seconds: float = 4

    @classmethod
    def quick(cls) -> "Plan":
        return cls(wrk_seconds=3, wrk_warm=1, rate_seconds=3, invoices=24, one_client=3, mailed=16, mail_clients=8,
                   render_seconds=3, numbering=200, payments=60, raw_seconds=2,
                   idle_seconds=2)

    def stock(self) -> int:
        """BENCH-001 units every step takes (warm-ups included), with a margin."""
        return 2 * (2 * self.invoices + self.one_client + self.mailed + 4 * self.clients + 10)


@dataclass
class Ctx:
    root: Path
    run_dir: Path
    gateway_url: str
    api_key: str
    dsn: str
    plan: Plan
    procs: dict[str, int]                    # the platform's processes (procstat.platform_processes)
    api: httpx.AsyncClient | None = None     # base URL .../api/v1/company, X-API-Key
    company_id: int = 0
    warehouse_id: int = 0
    product_id: int = 0                      # BENCH-001 (stock)
    service_id: int = 0                      # BENCH-SRV (no stock)
    customer_id: int = 0                     # with an e-mail: invoices get mailed
    notes: list[str] = field(default_factory=list)
    step: str = "setup"                      # the step running (for the notes)
    busy_platform: bool = False              # the last settle() found the services busy
    idle_ms_per_s: dict[str, float] = field(default_factory=dict)  # each process's CPU before the steps
    in_flow_allocations: dict | None = None  # issuance.db_figures of step 2 (sequencing.allocations)
    rss: procstat.RssSampler | None = None   # peaks under load, sampled every 0.2 s during the steps

    @property
    def services(self) -> dict[str, int]:
        return {k: v for k, v in self.procs.items() if k in procstat.SERVICES}

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.gateway_url.rstrip("/") + "/api/v1/company", timeout=90,
                                 headers={"X-API-Key": self.api_key},
                                 limits=httpx.Limits(max_connections=self.plan.clients * 4))

    @contextlib.asynccontextmanager
    async def cpu(self, extra: dict[str, int] | None = None):
        """CPU ms of every platform process (and `extra` ones) during the block: meter.ms after it."""
        self.refresh()
        await self.settle()
        meter = procstat.CpuMeter({**self.procs, **(extra or {})}).start()
        try:
            yield meter
        finally:
            meter.stop()

    def refresh(self) -> None:
        """The platform's processes again (someone may have run `make restart`); the RSS sampler follows."""
        now = procstat.platform_processes(self.run_dir)
        restarted = sorted(name for name, pid in now.items() if self.procs.get(name) not in (None, pid))
        if restarted:
            self.notes.append(f"restarted during the run: {', '.join(restarted)} (RSS and CPU from the new process)")
        self.procs.update(now)
        if self.rss is not None:
            self.rss.roots.update(now)

    async def measure_idle(self, seconds: float) -> None:
        """CPU ms per second of each process while nothing of ours runs (timers, pollers, other users of
        the platform); called before and after the steps, the lower reading of each process is kept."""
        self.refresh()
        await self.settle()
        meter = procstat.CpuMeter(self.procs).start()
        await asyncio.sleep(seconds)
        now = {k: v / seconds for k, v in meter.stop().items() if v == v}
        self.idle_ms_per_s = {k: min(v, self.idle_ms_per_s.get(k, v)) for k, v in now.items()}

    def cpu_text(self, meter: procstat.CpuMeter, units: int, *, only: tuple[str, ...] = (),
                 also_without: tuple[str, ...] = ()) -> str:
        """table.cpu_cell of a step, and how much of the total the idle background would be (the idle
        rate before the steps times the step's duration, per unit), to read it on a busy machine."""
        used = {k: v for k, v in meter.ms.items() if not only or k in only}
        idle = sum(v for k, v in self.idle_ms_per_s.items() if k in used) * meter.seconds / units if units else 0
        text = cpu_cell(used, units, also_without=also_without)
        head, sep, tail = text.partition(":")
        return f"{head} (idle background ≈ {idle:.2f} of it){sep}{tail}" if self.idle_ms_per_s and sep else text

    async def settle(self, busy: float = 0.10, patience: float = 20) -> None:
        """Wait (at most `patience` s) until the services together use under `busy` of a core, so a step's
        CPU is not the tail of the one before (renders and mails after the SRI's answer, for example);
        a note when they never got there (someone else's load, services just restarted)."""
        if self.busy_platform:
            patience = min(patience, 5)  # it was busy last time: do not spend minutes waiting for others
        deadline = time.monotonic() + patience
        while True:
            meter = procstat.CpuMeter(self.services).start()
            await asyncio.sleep(0.5)
            used = sum(v for v in meter.stop().values() if v == v) / 500
            self.busy_platform = used >= busy
            if not self.busy_platform:
                return
            if time.monotonic() > deadline:
                note = f"step {self.step}: the services still used {used:.0%} of a core after waiting"
                if not any(n.startswith(f"step {self.step}:") for n in self.notes):
                    self.notes.append(f"{note} (another load on the platform?): its CPU figures include that load")
                return


def load_average() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())
