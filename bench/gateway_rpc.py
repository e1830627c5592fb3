"""RPC round trip through the gateway at a steady load: p50/p99 latency.

Open-loop load (requests start on a fixed schedule, whatever the latency) against
`GET /api/v1/company/documents/lookups/establishments?type=invoice`, which the
gateway authenticates (API key), checks (module, scope, rate limit) and forwards
over RabbitMQ to sequencing, which answers from PostgreSQL.

Usage: .venv/bin/python bench/gateway_rpc.py [--rates 50,100,200] [--seconds 10]
Reads GATEWAY_URL and API_KEY from .run/demo.env (written by `make up`).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
PATH = "/api/v1/company/documents/lookups/establishments?type=invoice"


def demo_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / ".run" / "demo.env").read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v.strip().strip('"').strip("'")
    return env


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def one(session: aiohttp.ClientSession, url: str, lat: list[float], errors: list[int]) -> None:
    started = time.perf_counter()
    async with session.get(url) as resp:
        await resp.read()
        if resp.status != 200:
            errors.append(resp.status)
    lat.append((time.perf_counter() - started) * 1000)


async def steady(session, url: str, rate: float, seconds: float) -> dict:
    lat: list[float] = []
    errors: list[int] = []
    tasks = []
    start = time.perf_counter()
    n = int(rate * seconds)
    for i in range(n):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(session, url, lat, errors)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    return {"rate": rate, "sent": n, "achieved": n / elapsed, "p50": pct(lat, 50), "p99": pct(lat, 99),
            "mean": statistics.fmean(lat), "max": max(lat), "errors": len(errors)}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rates", default="50,100,200")
    ap.add_argument("--seconds", type=float, default=10)
    args = ap.parse_args()
    env = demo_env()
    url = env["GATEWAY_URL"].rstrip("/") + PATH
    headers = {"X-API-Key": env["API_KEY"]}
    conn = aiohttp.TCPConnector(limit=500)
    async with aiohttp.ClientSession(headers=headers, connector=conn) as session:
        await steady(session, url, 20, 1)  # warm-up
        print(f"GET {PATH} through the gateway, open-loop, {args.seconds:.0f} s per rate")
        print(f"{'rate/s':>7} {'achieved':>9} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8} {'max ms':>8} {'errors':>6}")
        for rate in (float(r) for r in args.rates.split(",")):
            r = await steady(session, url, rate, args.seconds)
            print(f"{r['rate']:7.0f} {r['achieved']:9.1f} {r['p50']:8.2f} {r['p99']:8.2f} {r['mean']:8.2f} "
                  f"{r['max']:8.1f} {r['errors']:6d}")


if __name__ == "__main__":
    asyncio.run(main())
