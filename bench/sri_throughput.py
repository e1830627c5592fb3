"""Documents/s through sign + submit + authorize: the real sri_submitter against the SRI simulator.

Starts the local PostgreSQL/RabbitMQ (scripts/infra.sh), a database and vhost of its own,
the simulator and N sri_submitter processes; uploads a test certificate; publishes
`--documents` SubmitDocument commands at once and measures until every
`sri.document_authorized` arrived (each document: XML, XSD, XAdES signature, reception,
authorization polls, authorized XML file, events through the outbox).

Usage: .venv/bin/python bench/sri_throughput.py [--documents 300] [--replicas 1]
       [--concurrency 32] [--sim-delay 0.2]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from services.sri_submitter.certificates import devcert  # noqa: E402
from shared.contracts.rpc import Identity, RpcRequest  # noqa: E402
from shared.messaging.connection import confirm_channel, connect  # noqa: E402
from shared.messaging.rpc import RpcClient  # noqa: E402
from tests import harness  # noqa: E402
from tests.sequencing.integration.bus import Bus  # noqa: E402
from tests.sri_submitter.integration import support  # noqa: E402
from tests.sri_submitter.snapshots import RUC  # noqa: E402

SECRET = "bench-secret-key-0123456789abcdef"


async def upload_certificate(amqp_url: str, company: int) -> None:
    conn = await connect(amqp_url, "bench-sri")
    client = RpcClient(await confirm_channel(conn), default_timeout=30)
    await client.start()
    body = {"p12_base64": base64.b64encode(devcert.generate_p12(RUC, "bench")).decode(), "password": "bench",
            "company_ruc": RUC}
    reply = await client.call("sri_submitter", RpcRequest(method="certificates.put", body=body,
                                                          identity=Identity(company_id=company)), timeout=30)
    await conn.close()
    if reply.status != 200:
        raise SystemExit(f"certificate upload failed: {reply.body}")


async def measure(bus: Bus, company: int, count: int) -> tuple[float, list[float]]:
    docs = [support.document(random.choice(["cedula", "ruc", "mixed_iva", "credit_note"]), company_id=company)
            for _ in range(count)]
    sent: dict[int, float] = {}
    start = time.perf_counter()
    for chunk in range(0, count, 100):
        batch = docs[chunk:chunk + 100]
        await bus.publish_many(batch, company_id=company)
        sent.update({d.document_id: time.perf_counter() for d in batch})
    done: dict[int, float] = {}
    while len(done) < count:
        for env in bus.of(company, "sri.document_authorized"):
            if env.payload["document_id"] in sent:
                done.setdefault(env.payload["document_id"], time.perf_counter())
        if time.perf_counter() - start > 120 + count:
            raise SystemExit(f"only {len(done)} of {count} authorized; see the service logs")
        await asyncio.sleep(0.01)
    elapsed = max(done.values()) - start
    return elapsed, sorted(done[d] - sent[d] for d in done)


def start_stack(args, env: dict[str, str], logs: Path):
    sim = support.Simulator(logs, harness.free_port(), delay=str(args.sim_delay)).start()
    files = Path(tempfile.mkdtemp(prefix="sri-bench-files-"))
    extra = support.submitter_env(sim, files, SRI_POLL_DELAYS="0.1,0.2,0.5", SRI_TIMEOUT_SECONDS="10",
                                  SRI_CONCURRENCY=str(args.concurrency), SECRETS_KEY=SECRET, LOG_LEVEL="WARNING",
                                  DB_POOL_MAX="20", PREFETCH="200")
    procs = [harness.start_service("sri_submitter", {**env, **extra}, log_dir=logs) for _ in range(args.replicas)]
    return sim, procs


async def main(args: argparse.Namespace) -> None:
    infra = harness.start_infra()
    name, env = await harness.isolated_env(infra, "benchsri")
    logs = Path(tempfile.mkdtemp(prefix="sri-bench-logs-"))
    sim, procs = start_stack(args, env, logs)
    company = random.randint(10**6, 2**31 - 1)
    bus = await Bus(env["AMQP_URL"], ("sri.document_authorized.#",)).start()
    try:
        await upload_certificate(env["AMQP_URL"], company)
        await measure(bus, company, 20)  # warm-up: schemas, certificate cache, connections
        elapsed, latencies = await measure(bus, company, args.documents)
    finally:
        await bus.close()
        for proc in procs:
            proc.stop()
        sim.stop()
        await harness.drop_env(infra, name)
    p50, p95 = statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1]
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"bench/sri_throughput.py: {os.cpu_count()} CPUs, load average {load} (logs: {logs})")
    print(f"sri_submitter x{args.replicas} (SRI_CONCURRENCY={args.concurrency}), simulator delay "
          f"{args.sim_delay}s: {args.documents} documents signed, submitted and authorized in {elapsed:.2f}s")
    print(f"throughput: {args.documents / elapsed:.1f} documents/s (submit + authorize); "
          f"latency per document p50 {p50:.2f}s, p95 {p95:.2f}s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--sim-delay", type=float, default=0.2)
    asyncio.run(main(parser.parse_args()))
