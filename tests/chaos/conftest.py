"""The chaos stack: a database of its own on the shared PostgreSQL, a PRIVATE RabbitMQ node
(the run restarts it; the shared broker is never touched), the SRI simulator failing a
seeded share of the calls, an SMTP sink (in this process; it refuses a seeded share of the
mails with 451), the gateway and two replicas of each worker (renderer_mailer and payments among them), and
the demo tenant with its certificate, series and stock. The figures of the run are printed in the
terminal summary (whatever -q/-s say) and written beside the service logs."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests import harness
from tests.chaos import report
from tests.chaos.cluster import REPLICAS, WORKERS, Cluster, stable_port
from tests.chaos.run import ChaosConfig, Stack
from tests.chaos.shop import API_KEY, RUC, open_shop
from services.smtp_sink.server import SmtpSink
from tests.e2e.conftest import bootstrap
from tests.e2e.stacks import renderer_env
from tests.private_broker import PrivateBroker
from tests.sri_submitter.integration.support import Simulator, submitter_env

CHAOS_ENV = {"LOG_LEVEL": "INFO", "SHUTDOWN_GRACE_SECONDS": "2", "DB_POOL_MAX": "5"}
# a request left 'running' by a killed gateway is taken over after 10 s (not 120): clients wait less
GATEWAY_ENV = {"RATE_LIMIT_PER_MINUTE": "0", "IDEMPOTENCY_LOCK_SECONDS": "10"}
# a create answers once numbered: the SRI's part goes on meanwhile and during quiescence
DOCUMENTS_ENV = {"WAIT_UNTIL": "numbered"}
# mails refused with 451 are retried soon; a mail or a RIDE left leased by a killed process is taken over
# after 20 s / 30 s (the defaults, 120 s and 300 s, would outlast the quiescence). With the delays cut to
# seconds, the default 8 attempts would give up after ~12 s, where the defaults' span hours: a mail whose
# retries meet the sink's refusals back to back (seed 213852, 300 invoices) was `failed` by the run's own
# calibration. 40 attempts keep the budget longer than a burst of refusals, as the defaults do.
MAILER_ENV = {"MAIL_RETRY_DELAYS": "0.5,1,2", "MAIL_MAX_ATTEMPTS": "40", "SMTP_TIMEOUT_SECONDS": "5",
              "MAIL_LEASE_SECONDS": "20", "RENDER_LEASE_SECONDS": "30"}


@pytest.fixture(scope="module")
def chaos_config() -> ChaosConfig:
    return ChaosConfig.from_env()


@pytest.fixture(scope="module")
def chaos_logs(log_dir):
    return log_dir / f"chaos-{harness.unique('run')}"


def boot(cluster: Cluster, env: dict[str, str]) -> dict:
    """Workers (both replicas; migrations are safe with replicas) beside the tenant's bootstrap,
    then the gateway: its relay publishes the tenant once every consumer queue exists."""
    with ThreadPoolExecutor(2) as pool:
        tenant = pool.submit(bootstrap, env, ruc=RUC, key=API_KEY, timeout=180)  # a busy machine is slow
        cluster.start_all([name for name in cluster.members if name != "gateway"])
        tenant = tenant.result()
    cluster.start_all(["gateway"])
    return tenant


def stop_broker(broker: PrivateBroker) -> None:
    """`rabbit-stop`; when a busy machine makes it time out, SIGKILL the node (its pid file) and its epmd."""
    try:
        broker.stop()
    except subprocess.TimeoutExpired:
        pid_file = broker.run_dir / "rabbitmq" / "rabbit.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)
        subprocess.run(["epmd", "-kill"], env={**broker.env, "ERL_EPMD_PORT": broker.env["EPMD_PORT"]},
                       capture_output=True, timeout=30)


@pytest.fixture(scope="module")
async def chaos_stack(infra, service_env, chaos_logs, chaos_config):
    started = time.monotonic()
    name, broker = harness.unique("chaos"), PrivateBroker(chaos_logs / "rabbit")
    broker.env["AMQP_PORT"] = str(stable_port())  # closed while the broker is restarted: nobody may take it
    sim = Simulator(chaos_logs, harness.free_port())
    cluster = Cluster(chaos_logs)
    sink, files = SmtpSink(chaos_logs / "mail").start(), chaos_logs / "files"
    try:
        with ThreadPoolExecutor(2) as pool:
            servers = [pool.submit(broker.start), pool.submit(sim.start)]
            dsn = await harness.create_database(infra, name)
            [job.result() for job in servers]
        httpx.post(f"{sim.url}/_sim/faults", json={"spec": chaos_config.sim_faults}, timeout=10).raise_for_status()
        env = {**service_env, **CHAOS_ENV, "DATABASE_URL": dsn, "AMQP_URL": broker.url}
        cluster.add("gateway", {**env, **GATEWAY_ENV}, port=stable_port())
        extra = {"sri_submitter": submitter_env(sim, files), "documents": DOCUMENTS_ENV,
                 "renderer_mailer": renderer_env(sink, files, **MAILER_ENV)}
        for worker in WORKERS:
            cluster.add(worker, {**env, **extra.get(worker, {})}, replicas=REPLICAS)
        tenant = await asyncio.to_thread(boot, cluster, env)
        async with httpx.AsyncClient(base_url=cluster.url("gateway") + "/api/v1/company", timeout=60,
                                     headers={"X-API-Key": API_KEY}) as api:
            shop = await open_shop(api, tenant["company_id"], chaos_config.invoices)
        yield Stack(cluster, broker, sim.url, dsn, shop, API_KEY, sink, files), time.monotonic() - started
    finally:
        await asyncio.to_thread(cluster.stop_all)
        sim.stop()
        sink.stop()
        stop_broker(broker)
        await harness.drop_database(infra, name)


def pytest_terminal_summary(terminalreporter):
    if report.LAST:
        terminalreporter.section("chaos figures")
        for text in report.LAST:
            terminalreporter.write_line(text)
