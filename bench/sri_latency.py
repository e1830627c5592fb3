"""POST invoice -> `authorized`, one client by default: p50/p99, where the time goes, and CPU per invoice.

Each client POSTs /api/v1/company/documents/invoices (?wait=W) and GETs the document every
`--poll` s until its sri_status is final (bench/issuance.py's run_clients, until=authorized).
Printed next to the latency: the SRI_POLL_DELAYS and SIM_PROCESSING_DELAY_SECONDS the running
sri_submitter and simulator started with (the first poll delay is the floor of this latency when
the simulator takes time to decide), the median time of each step of the documents' timelines after
their `created` (documents.document_events, clock_timestamp: numbered, signed, received,
authorized, ...), and the CPU ms per invoice of every platform process (from /proc, bench/procstat.py).

For the fast path: `SRI_POLL_DELAYS=0,0.05,0.2,1,5,30,60,300 SIM_PROCESSING_DELAY_SECONDS=0
RATE_LIMIT_PER_MINUTE=0 make restart`, then run this.

Usage: .venv/bin/python bench/sri_latency.py [--clients 1] [--invoices 30] [--wait 0] [--poll 0.01]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import procstat  # noqa: E402
from issuance import authorized, issuing_parser, parse_issuing, pct, run_clients, setup  # noqa: E402

SETTINGS = {"sri_submitter": ("SRI_POLL_DELAYS", "1,2,5,10,30,60,300 (default)"),
            "sri_simulator": ("SIM_PROCESSING_DELAY_SECONDS", "1.0 (default)")}


def configured(procs: dict[str, int]) -> list[str]:
    """NAME=value of the settings that bound this latency, from each process's environment."""
    out = []
    for svc, (name, default) in SETTINGS.items():
        env = procstat.environ(procs.get(svc, 0)) or {}
        out.append(f"{name}={env.get(name, default)}")
    return out


async def timeline(dsn: str, company_id: int, since: float) -> list[tuple[str, float, int]]:
    """(event, median ms after the document's `created`, count) over the documents created since
    `since`, in the order of those medians."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT e.event, extract(epoch FROM e.occurred_at - min(e.occurred_at) OVER (PARTITION BY e.document_id)) "
            "* 1000 AS ms FROM documents.document_events e JOIN documents.documents d ON d.id = e.document_id "
            "WHERE d.company_id = $1 AND d.created_at >= to_timestamp($2)", company_id, since)
    finally:
        await conn.close()
    offsets: dict[str, list[float]] = {}
    for row in rows:
        offsets.setdefault(row["event"], []).append(float(row["ms"]))
    return sorted(((name, statistics.median(v), len(v)) for name, v in offsets.items()), key=lambda t: t[1])


def parse_args() -> argparse.Namespace:
    return parse_issuing(issuing_parser(__doc__.splitlines()[0], clients=1, invoices=30, poll=0.01,
                                        poll_help="seconds between GET /documents/{id}"))


async def main() -> None:
    args = parse_args()
    procs = procstat.platform_processes(ROOT / ".run")
    async with httpx.AsyncClient(base_url=args.gateway_url.rstrip("/") + "/api/v1/company", timeout=60,
                                 headers={"X-API-Key": args.api_key},
                                 limits=httpx.Limits(max_connections=args.clients * 2)) as api:
        ctx = await setup(api, args.invoices + 2 * args.clients)
        await run_clients(api, ctx, args, args.clients, until=authorized)  # warm-up
        await asyncio.sleep(1)  # the warm-up's tail (renders, mails) out of the CPU figures
        since = time.time()
        meter = procstat.CpuMeter(procs).start()
        out = await run_clients(api, ctx, args, args.invoices, until=authorized)
        cpu = meter.stop()
    gaps = await timeline(args.database_url, ctx["company_id"], since)
    report(args, out, gaps, cpu, configured(procs))


def report(args, out: dict, gaps, cpu: dict[str, float], settings: list[str]) -> None:
    lat = [x * 1000 for x in out["latencies"]]
    print(f"sri_latency: {args.invoices} invoices, {args.clients} client(s), POST ?wait={args.wait:g} then GET every "
          f"{args.poll * 1000:g} ms, via {args.gateway_url}")
    print(f"  configured: {'  '.join(settings)}")
    print(f"  authorized: {len(lat)}  errors: {len(out['errors'])} {sorted(set(map(str, out['errors'])))}")
    if lat:
        print(f"  POST -> authorized ms: p50 {pct(lat, 50):.0f}  p99 {pct(lat, 99):.0f}  max {max(lat):.0f}  "
              f"({len(lat) / out['elapsed']:.1f} invoices/s)")
    print("  timeline (documents' events), median ms after `created`: " +
          ", ".join(f"{n} {ms:.0f}" for n, ms, _ in gaps))
    done = max(len(lat), 1)
    known = {k: v for k, v in cpu.items() if v == v}
    parts = ", ".join(f"{k} {v / done:.1f}" for k, v in sorted(known.items(), key=lambda kv: -kv[1]) if v > 0)
    pdf = known.get("renderer_mailer", 0) + known.get("smtp_sink", 0)
    print(f"  CPU ms per invoice: {sum(known.values()) / done:.1f} in all, "
          f"{(sum(known.values()) - pdf) / done:.1f} without renderer_mailer/smtp_sink ({parts})")


if __name__ == "__main__":
    asyncio.run(main())
