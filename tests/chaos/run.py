"""One chaos run over a started stack (conftest.py): the clients post invoices (and pay about
half of them) while the killer kills and restarts processes and the broker is restarted once (when 30% of the
invoices are created); then the faults stop, every process is brought back, the platform
is left to finish (quiescence, bounded) and the invariants are checked."""
from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from services.smtp_sink.server import SmtpSink
from tests.chaos import collect
from tests.chaos.clients import Clients
from tests.chaos.cluster import Cluster
from tests.chaos.invariants import Check, check_all
from tests.chaos.killer import BrokerRestart, Killer, MailRefusals
from tests.chaos.ledger import check_payments
from tests.chaos.report import RunFigures, client_check, payment_check, recovery_check, restart_check
from tests.chaos.shop import Shop
from tests.private_broker import PrivateBroker

BROKER_RESTART_AT = 0.3  # share of the invoices created when the broker is restarted


@dataclass(frozen=True)
class ChaosConfig:
    invoices: int
    seed: int
    clients: int = 8
    fault_rate: float = 0.3
    quiescence: float = 120.0
    patience: float = 180.0  # per invoice (per payment): no 201 by then is a violation
    pay_share: float = 0.5   # of the invoices, paid by their client (shop.payment_rounds)

    @classmethod
    def from_env(cls) -> ChaosConfig:
        env, invoices = os.environ, int(os.environ.get("CHAOS_INVOICES", "100"))
        return cls(invoices=invoices, seed=int(env.get("CHAOS_SEED") or random.randrange(1_000_000)),
                   clients=int(env.get("CHAOS_CLIENTS", "8")),
                   pay_share=float(env.get("CHAOS_PAY_SHARE", "0.5")),
                   quiescence=float(env.get("CHAOS_QUIESCENCE_SECONDS") or max(120.0, 0.3 * invoices)))

    @property
    def sim_faults(self) -> str:
        return f"rate:{self.fault_rate:g},seed:{self.seed}"


@dataclass
class Stack:
    cluster: Cluster
    broker: PrivateBroker
    sim_url: str
    dsn: str
    shop: Shop
    api_key: str
    sink: SmtpSink
    files: Path  # the file store of sri_submitter and renderer_mailer

    @property
    def gateway_url(self) -> str:
        return self.cluster.url("gateway")


async def restart_broker_midway(restart: BrokerRestart, clients: Clients, done: asyncio.Event, stack: Stack) -> None:
    while clients.stats.created < BROKER_RESTART_AT * clients.invoices and not done.is_set():
        await asyncio.sleep(0.2)
    await restart.run(stack.gateway_url, stack.api_key, lambda: clients.stats.created)


async def run_under_faults(stack: Stack, config: ChaosConfig) -> tuple[Clients, Killer, BrokerRestart,
                                                                        MailRefusals]:
    clients = Clients(stack.gateway_url, stack.api_key, stack.shop, config.invoices, clients=config.clients,
                      patience=config.patience, seed=config.seed, pay_share=config.pay_share)
    killer = Killer(stack.cluster, config.seed)
    restart = BrokerRestart(stack.broker, killer)
    refusals = MailRefusals(stack.sink, config.seed)
    stop, done = asyncio.Event(), asyncio.Event()
    killing = asyncio.create_task(killer.run(stop))
    refusing = asyncio.create_task(refusals.run(stop))
    broker = asyncio.create_task(restart_broker_midway(restart, clients, done, stack))
    try:
        await clients.run()
        done.set()
        await broker
    finally:
        done.set()
        stop.set()
        outcomes = await asyncio.gather(broker, killing, refusing, return_exceptions=True)
        await killer.settle()
    if errors := [o for o in outcomes if isinstance(o, BaseException)]:
        raise errors[0]
    return clients, killer, restart, refusals


async def quiesce(stack: Stack, seconds: float) -> dict[str, int]:
    """Wait (bounded) until nothing is left moving; what is still pending then."""
    deadline = time.monotonic() + seconds
    while True:
        pending = await collect.pending_work(stack.dsn, stack.shop.company_id)
        if not any(pending.values()) or time.monotonic() > deadline:
            return {k: v for k, v in pending.items() if v}
        await asyncio.sleep(1)


async def run_chaos(stack: Stack, config: ChaosConfig, setup_seconds: float) -> tuple[RunFigures, list[Check]]:
    started = time.monotonic()
    clients, killer, restart, refusals = await run_under_faults(stack, config)
    ran = time.monotonic()
    if down := stack.cluster.down():  # a restart that gave up: the platform must still finish
        await asyncio.to_thread(stack.cluster.start_all, down)
    pending = await quiesce(stack, config.quiescence)
    quiet = time.monotonic()
    sim = httpx.get(f"{stack.sim_url}/_sim/state", timeout=30).raise_for_status().json()
    observed = await collect.observe(stack.dsn, stack.shop, clients.stats.received, sim["documents"], stack.broker,
                                     files=stack.files, mail_files=stack.sink.messages(),
                                     mailer_kills=stack.cluster.kills["renderer_mailer"],
                                     payments_received=clients.stats.payments.received)
    figures = RunFigures(config.seed, config.invoices, config.clients, clients.stats, stack.cluster.kills,
                         stack.cluster.failed_starts, restart, sim["totals"], pending_after_quiescence=pending,
                         restarts_given_up=killer.gave_up, smtp_refusals_planned=refusals.planned,
                         kill_ticks_skipped=f"{killer.skipped} ({killer.max_down} down already)")
    figures.seconds = {"setup": setup_seconds, "run": ran - started, "quiescence": quiet - ran,
                       "total": setup_seconds + time.monotonic() - started}
    checks = [client_check(figures), payment_check(figures), restart_check(figures), recovery_check(figures),
              *check_all(observed), *check_payments(observed)]
    return figures, checks
