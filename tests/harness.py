"""Test harness: real PostgreSQL and RabbitMQ, and services started as processes.

With a Docker engine (and TESTCONTAINERS=1) the servers come from testcontainers;
otherwise `scripts/infra.sh start` starts the project's own local servers (the
normal path here and in CI). Each test session gets its own database and vhost.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
INFRA = ROOT / "scripts" / "infra.sh"
RUN_DIR = Path(os.environ.get("RUN_DIR", ROOT / ".run"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def docker_available() -> bool:
    if os.environ.get("TESTCONTAINERS") != "1" or not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


def read_env_file(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


@dataclass
class Infra:
    database_url: str  # admin DSN (database "einvoice")
    amqp_url: str      # vhost "einvoice"
    local: bool = True
    cleanup: list = field(default_factory=list)
    container: object | None = None  # the RabbitMQ testcontainer, when Docker runs the servers

    def with_database(self, name: str) -> str:
        u = urlparse(self.database_url)
        return urlunparse(u._replace(path="/" + name))

    def with_vhost(self, vhost: str) -> str:
        u = urlparse(self.amqp_url)
        return urlunparse(u._replace(path="/" + vhost))

    def rabbitmqctl(self, *args: str, check: bool = True) -> None:
        """rabbitmqctl of the local broker (scripts/infra.sh), or inside the container."""
        if self.container is not None:  # pragma: no cover - Docker only
            code, out = self.container.exec(["rabbitmqctl", *args])
            if check and code != 0:
                raise RuntimeError(f"rabbitmqctl {' '.join(args)}: {out!r}")
            return
        subprocess.run([str(INFRA), "rabbitmqctl", *args], check=check, capture_output=True)

    def add_vhost(self, vhost: str) -> None:
        self.rabbitmqctl("add_vhost", vhost)
        self.rabbitmqctl("set_permissions", "-p", vhost, urlparse(self.amqp_url).username or "guest", ".*", ".*", ".*")

    def delete_vhost(self, vhost: str) -> None:
        self.rabbitmqctl("delete_vhost", vhost, check=False)

    def restart_broker(self) -> None:
        """Stop and start the broker application (connections drop, data stays)."""
        self.rabbitmqctl("stop_app")
        self.rabbitmqctl("start_app")


def start_infra() -> Infra:
    if docker_available():  # pragma: no cover - no Docker engine on the CI machines
        from testcontainers.postgres import PostgresContainer
        from testcontainers.rabbitmq import RabbitMqContainer
        pg = PostgresContainer("postgres:15", username="einvoice", password="einvoice", dbname="einvoice").start()
        mq = RabbitMqContainer("rabbitmq:3.12", username="einvoice", password="einvoice").start()
        infra = Infra(pg.get_connection_url().replace("+psycopg2", ""),
                      f"amqp://einvoice:einvoice@{mq.get_container_host_ip()}:{mq.get_exposed_port(5672)}/",
                      local=False, cleanup=[pg.stop, mq.stop], container=mq)
        return infra
    subprocess.run([str(INFRA), "start"], check=True)
    env = read_env_file(RUN_DIR / "infra.env")
    return Infra(env["DATABASE_URL"], env["AMQP_URL"])


async def create_database(infra: Infra, name: str) -> str:
    conn = await asyncpg.connect(infra.database_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return infra.with_database(name)


async def drop_database(infra: Infra, name: str) -> None:
    conn = await asyncpg.connect(infra.database_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def isolated_env(infra: Infra, prefix: str) -> tuple[str, dict[str, str]]:
    """A database and a vhost of their own, so no other test's worker takes these messages."""
    name = unique(prefix)
    url = await create_database(infra, name)
    infra.add_vhost(name)
    return name, {"DATABASE_URL": url, "AMQP_URL": infra.with_vhost(name)}


async def drop_env(infra: Infra, name: str) -> None:
    infra.delete_vhost(name)
    await drop_database(infra, name)


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@dataclass
class ServiceProcess:
    name: str
    proc: subprocess.Popen
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


STARTED: list[ServiceProcess] = []  # every process started by this test run


def stop_all_started() -> None:
    """Safety net at the end of the run: no test leaves a service behind, even after a failure."""
    for svc in STARTED:
        if svc.proc.poll() is None:
            svc.stop(timeout=5)


def start_service(name: str, env: dict[str, str], *, log_dir: Path, port: int | None = None,
                  port_var: str = "HTTP_PORT", ready_path: str = "/readyz", timeout: float = 30) -> ServiceProcess:
    """Start `python -m services.<name>` and wait until its ready endpoint answers 200."""
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}-{port}.log"
    full_env = {**os.environ, **env, port_var: str(port), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", f"services.{name}"], cwd=ROOT, env=full_env,
                            stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)
    svc = ServiceProcess(name, proc, port, log_path)
    STARTED.append(svc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{svc.logs()[-3000:]}")
        try:
            if httpx.get(svc.url + ready_path, timeout=1).status_code == 200:
                return svc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    svc.kill()
    raise RuntimeError(f"{name} not ready after {timeout}s:\n{svc.logs()[-3000:]}")


async def eventually(predicate, timeout: float = 10.0, interval: float = 0.05):
    """Poll an async or sync predicate until it returns a truthy value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if asyncio.iscoroutine(last):
            last = await last
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


@contextlib.asynccontextmanager
async def rpc_caller(amqp_url: str, service: str, name: str = "tests", timeout: float = 10):
    """call(method, *, company_id, body=None, query=None, path_params=None, idempotency_key=None, **path)
    -> RpcReply, the way the gateway calls `service` (path values may also come as keywords: id=5)."""
    from shared.contracts.rpc import Identity, RpcRequest
    from shared.messaging.connection import confirm_channel, connect
    from shared.messaging.rpc import RpcClient

    conn = await connect(amqp_url, name)
    client = RpcClient(await confirm_channel(conn), default_timeout=timeout)
    await client.start()

    async def call(method: str, *, company_id: int, body=None, query=None, path_params=None,
                   idempotency_key: str | None = None, **path):
        params = {k: str(v) for k, v in {**(path_params or {}), **path}.items()}
        req = RpcRequest(method=method, identity=Identity(company_id=company_id), body=body, query=query or {},
                         path_params=params, idempotency_key=idempotency_key)
        return await client.call(service, req, timeout=timeout)

    try:
        yield call
    finally:
        await conn.close()
