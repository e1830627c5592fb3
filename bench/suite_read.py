"""Suite step 1, the read path: `GET /api/v1/company/documents/{id}` through the gateway next to the
bare aiohttp + asyncpg handler (bench/bare_handler.py) reading the same document, both with wrk
(closed loop), then both at a fixed rate (open loop, bench/gateway_rpc.py's steady())."""
from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time

import aiohttp
import httpx

import wrk
from gateway_rpc import steady
from issuance import ok
from mail_flow import mail_of
from suite_ctx import Ctx
from table import Row, ms, num, ratio

BARE = ("bare handler", "PostgreSQL")  # what the reference uses (the rest is other people's load)


async def sample_document(ctx: Ctx) -> int:
    """An invoice of two lines (a product with stock, a service) to a customer, authorized and mailed,
    so no step changes its row while it is read."""
    body = {"warehouse_id": ctx.warehouse_id, "customer_id": ctx.customer_id,
            "items": [{"product_id": ctx.product_id, "quantity": 1}, {"product_id": ctx.service_id, "quantity": 2}]}
    doc = (await ok(ctx.api.post("/documents/invoices", params={"wait": 20}, json=body)))["data"]
    deadline = time.monotonic() + 60
    while mail_of(doc) == "pending" and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        doc = await ok(ctx.api.get(f"/documents/{doc['id']}"))
    return doc["id"]


@contextlib.asynccontextmanager
async def bare_handler(ctx: Ctx):
    """bench/bare_handler.py as a subprocess on a free loopback port: (base URL, pid)."""
    proc = subprocess.Popen([sys.executable, str(ctx.root / "bench" / "bare_handler.py"), "--port", "0",
                             "--company-id", str(ctx.company_id), "--database-url", ctx.dsn],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = await asyncio.to_thread(proc.stdout.readline)
        if "http://" not in first:
            raise RuntimeError(f"bare handler did not start: {first}{proc.stdout.read()[-2000:]}")
        url = first.split()[-1]
        async with httpx.AsyncClient() as client:
            for _ in range(100):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url + "/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            await asyncio.to_thread(proc.wait, 10)
        except subprocess.TimeoutExpired:
            proc.kill()


async def closed_loop(ctx: Ctx, url: str, headers: dict, extra: dict[str, int] | None = None):
    """wrk -t2 -c32 --latency after a short warm-up: (WrkResult, CpuMeter of the run)."""
    p = ctx.plan
    await asyncio.to_thread(wrk.run, url, seconds=p.wrk_warm, headers=headers)
    async with ctx.cpu(extra) as meter:
        result = await asyncio.to_thread(wrk.run, url, seconds=p.wrk_seconds, headers=headers)
    return result, meter


async def open_loop(ctx: Ctx, url: str, headers: dict, extra: dict[str, int] | None = None):
    """`plan.rate` requests/s for `plan.rate_seconds` s, started on schedule whatever the latency."""
    connector = aiohttp.TCPConnector(limit=500)
    async with aiohttp.ClientSession(headers=headers, connector=connector) as session:
        await steady(session, url, 20, 1)  # warm-up
        async with ctx.cpu(extra) as meter:
            result = await steady(session, url, ctx.plan.rate, ctx.plan.rate_seconds)
    return result, meter


def wrk_text(r: wrk.WrkResult) -> str:
    errors = f", {r.errors} errors (non-2xx {r.non_2xx})" if r.errors else ""
    return f"{num(r.rate)} req/s, p50 {ms(r.p50)}, p99 {ms(r.p99)}{errors}"


def steady_text(r: dict) -> str:
    errors = f", {r['errors']} errors" if r["errors"] else ""
    return f"p99 {ms(r['p99'])} (p50 {ms(r['p50'])}, {num(r['achieved'])} req/s achieved){errors}"


async def step(ctx: Ctx) -> list[Row]:
    doc_id = await sample_document(ctx)
    p = ctx.plan
    gw_url = f"{ctx.gateway_url.rstrip('/')}/api/v1/company/documents/{doc_id}"
    headers = {"X-API-Key": ctx.api_key}
    gw, gw_m = await closed_loop(ctx, gw_url, headers)
    async with bare_handler(ctx) as (base, pid):
        bare_url = f"{base}/documents/{doc_id}"
        bare, bare_m = await closed_loop(ctx, bare_url, {}, {"bare handler": pid})
        gw_rate, gw_rate_m = await open_loop(ctx, gw_url, headers)
        bare_rate, _ = await open_loop(ctx, bare_url, {}, {"bare handler": pid})
    if gw.non_2xx:
        ctx.notes.append(f"step 1: {gw.non_2xx} of the gateway's answers were not 2xx (rate limit on? see above)")
    wrk_args = f"wrk -t2 -c32 -d{p.wrk_seconds:g}s --latency"
    return [
        Row(f"1. `GET /documents/{{id}}` through the gateway ({wrk_args}, document {doc_id}, 2 lines)",
            wrk_text(gw), f"bare aiohttp + asyncpg handler: {wrk_text(bare)}; CPU per GET "
            f"{ctx.cpu_text(bare_m, bare.requests, only=BARE)}", ratio(gw.rate, bare.rate), "≥ 0.40 of the bare handler",
            ctx.cpu_text(gw_m, gw.requests)),
        Row(f"1b. same GET at a fixed {num(p.rate)} req/s for {p.rate_seconds:g} s (open loop)",
            steady_text(gw_rate), f"bare handler at the same rate: {steady_text(bare_rate)}",
            ratio(gw_rate["p99"], bare_rate["p99"]) + " (p99 / bare p99)", "p99 < 20 ms",
            ctx.cpu_text(gw_rate_m, gw_rate["sent"])),
    ]
