"""Suite step 4, numbering: what one sequencing process allocates per second, next to raw asyncpg
`UPDATE ... RETURNING` transactions on one hot row (bench/issuance.py's raw_update_rate) on the same
PostgreSQL, with as many connections as a service's pool (DB_POOL_MAX, 10).

The running platform's sequencing is only fed as fast as issuance goes (step 2 shows that rate), and
commands for a made-up document would reach its documents service: so this step starts a sequencing
process of its own on a database and vhost of its own (tests/harness.py, as bench/sri_throughput.py
does), gives a made-up company the series 001-002, publishes N `sequencing.allocate_number` commands
at once and counts the `sequencing.number_allocated` events until all are there. Each allocation is
one transaction: advisory lock, lookup, counter `UPDATE ... RETURNING`, allocation row, outbox.
"""
from __future__ import annotations

import asyncio
import random
import time

from issuance import raw_update_rate
from shared.contracts.sequencing import AllocateNumber
from suite_ctx import Ctx
from table import Row, num, ratio
from tests import harness
from tests.sequencing.integration.bus import Bus

ALLOCATED, REJECTED = "sequencing.number_allocated", "sequencing.number_rejected"
POOL = 10  # a service's DB_POOL_MAX default (shared/settings.py)
USED = ("sequencing (its own)", "RabbitMQ", "PostgreSQL")  # the platform's services idle meanwhile


async def series(amqp_url: str, company: int) -> None:
    async with harness.rpc_caller(amqp_url, "sequencing", "bench-numbering", timeout=30) as call:
        est = await call("establishments.create", company_id=company,
                         body={"code": "001", "name": "Establecimiento benchmark"})
        point = await call("points_of_sale.create", company_id=company,
                           body={"establishment_id": est.body["data"]["id"], "code": "002"})
        if point.status != 201:
            raise RuntimeError(f"points_of_sale.create -> {point.status}: {point.body}")


async def allocate(bus: Bus, company: int, count: int, patience: float = 120) -> tuple[float, int]:
    """(seconds from the first publish to the last answer, rejected) for `count` new documents."""
    first = random.randint(10**9, 2 * 10**9)
    commands = [AllocateNumber(document_id=first + i, document_type="invoice", series="001-002")
                for i in range(count)]
    ids = {c.document_id for c in commands}
    started = time.perf_counter()
    for chunk in range(0, count, 200):
        await bus.publish_many(commands[chunk:chunk + 200], company_id=company)
    while True:
        answered = [e for e in bus.of(company) if e.payload.get("document_id") in ids]
        if len(answered) >= count:
            return time.perf_counter() - started, sum(e.type == REJECTED for e in answered)
        if time.perf_counter() - started > patience:
            raise RuntimeError(f"only {len(answered)} of {count} allocations answered in {patience:.0f} s")
        await asyncio.sleep(0.01)


async def step(ctx: Ctx) -> list[Row]:
    p = ctx.plan
    infra = harness.start_infra()
    name, env = await harness.isolated_env(infra, "benchseq")
    logs = ctx.run_dir / "bench" / "logs"
    svc = await asyncio.to_thread(harness.start_service, "sequencing", {**env, "LOG_LEVEL": "WARNING"}, log_dir=logs)
    try:
        company = random.randint(10**6, 2**31 - 1)
        bus = await Bus(env["AMQP_URL"], (f"{ALLOCATED}.v1", f"{REJECTED}.v1")).start()
        try:
            await series(env["AMQP_URL"], company)
            await allocate(bus, company, 50)  # warm-up
            async with ctx.cpu({"sequencing (its own)": svc.proc.pid}) as meter:
                seconds, rejected = await allocate(bus, company, p.numbering)
        finally:
            await bus.close()
    finally:
        await asyncio.to_thread(svc.stop)
        await harness.drop_env(infra, name)
    raw = await raw_update_rate(ctx.dsn, POOL, p.raw_seconds)
    rate = p.numbering / seconds
    flow = ctx.in_flow_allocations
    in_flow = f"; in step 2's flow: {num(flow['alloc_rate'])}/s (as fast as issuance)" if flow else ""
    errors = f", {rejected} rejected" if rejected else ""
    return [Row(f"4. numbering: {p.numbering} `sequencing.allocate_number` at once, one sequencing process "
                f"(database and vhost of its own)", f"{num(rate)} allocations/s{errors}{in_flow}",
                f"raw asyncpg `UPDATE ... RETURNING` on one row, own tx, {POOL} connections: {num(raw)} tx/s",
                ratio(rate, raw), "—", ctx.cpu_text(meter, p.numbering, only=USED))]
