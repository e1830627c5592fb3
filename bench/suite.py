"""`make bench`: the platform's benchmark suite, one markdown table.

Each figure sits next to a reference measured in the same run on the same machine (the machine
may be busy: compare the ratios, not the absolute figures), and next to the CPU each process
spent per request or per invoice during the step, read from /proc (utime + stime of the gateway,
each service, the SRI simulator, the SMTP sink, RabbitMQ's beam.smp and every PostgreSQL process).

Steps, on the platform of `make up` (RATE_LIMIT_PER_MINUTE=0):
 1. GET /api/v1/company/documents/{id} through the gateway with wrk, next to a bare aiohttp + asyncpg
    handler reading the same rows (bench/bare_handler.py); then both at a fixed 200 req/s (open loop).
 2. issuance, POST to `authorized`, 8 clients (bench/issuance.py), then one client (SRI_POLL_DELAYS).
 3. POST to `mail_status: sent` (bench/mail_flow.py) next to the WeasyPrint render loop (bench/ride.py).
 4. numbering: one sequencing process of its own next to raw `UPDATE ... RETURNING` on one row.
 5. payments on one hot invoice (bench/payments.py) next to a raw `SELECT ... FOR UPDATE` + `UPDATE`.
 6. RSS of each process idle (before the steps) and its peak during them (every 0.2 s).
The table is printed and written to $RUN_DIR/bench/bench-<date>.md. A step that fails leaves a row
saying so; the exit status is then 1.

Usage: .venv/bin/python bench/suite.py [--quick] [--only 1,2,...] (make bench, make bench ARGS=--quick)
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402

import procstat  # noqa: E402
import suite_flow  # noqa: E402
import suite_numbering  # noqa: E402
import suite_read  # noqa: E402
from issuance import setup  # noqa: E402
from mail_flow import customer  # noqa: E402
from payments import service_product  # noqa: E402
from suite_ctx import Ctx, Plan, load_average  # noqa: E402
from table import Row, markdown  # noqa: E402

STEPS = {"1": suite_read.step, "2": suite_flow.issuance, "3": suite_flow.mailed, "4": suite_numbering.step,
         "5": suite_flow.hot_payments}
RSS_TARGET_MB = 120


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    raise SystemExit(2)


def env_of(path: Path) -> dict[str, str]:
    """KEY=value lines of a file of `make up` ($RUN_DIR/demo.env, infra.env)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip().strip("'\"") for k, v in pairs}


def preflight(run_dir: Path, plan: Plan) -> Ctx:
    """The platform must run (`make up`); a warning when the gateway's rate limit is on."""
    demo, infra = env_of(run_dir / "demo.env"), env_of(run_dir / "infra.env")
    if not (demo.get("GATEWAY_URL") and demo.get("API_KEY") and infra.get("DATABASE_URL")):
        fail(f"no platform found in {run_dir} (demo.env, infra.env): run make up first")
    procs = procstat.platform_processes(run_dir)
    missing = [n for n in (*procstat.SERVICES, procstat.RABBITMQ, procstat.POSTGRESQL) if n not in procs]
    if missing:
        fail(f"not running: {', '.join(missing)}: run make up first")
    try:
        httpx.get(demo["GATEWAY_URL"].rstrip("/") + "/readyz", timeout=5).raise_for_status()
    except httpx.HTTPError as exc:
        fail(f"the gateway at {demo['GATEWAY_URL']} is not ready ({exc}): run make up first")
    return Ctx(root=ROOT, run_dir=run_dir, gateway_url=demo["GATEWAY_URL"], api_key=demo["API_KEY"],
               dsn=infra["DATABASE_URL"], plan=plan, procs=procs)


def rate_limit(ctx: Ctx) -> str | None:
    """A warning when the gateway limits calls: its RATE_LIMIT_PER_MINUTE (environment at start; the
    settings' default, 600, when unset), or a burst of 700 calls when the environment is unreadable."""
    env = procstat.environ(ctx.procs["gateway"])
    if env is not None:
        value = env.get("RATE_LIMIT_PER_MINUTE", "600 (the default)")
        return None if value.strip() == "0" else f"the gateway runs with RATE_LIMIT_PER_MINUTE={value}"
    url = ctx.gateway_url.rstrip("/") + "/api/v1/company/auth/me"
    with httpx.Client(headers={"X-API-Key": ctx.api_key}, timeout=10) as client:
        limited = sum(client.get(url).status_code == 429 for _ in range(700))
    return f"{limited} of a burst of 700 calls were refused (429): the rate limit is on" if limited else None


async def prepare(ctx: Ctx) -> None:
    """Warehouse, BENCH-001 with stock for every step, BENCH-SRV, a customer with an e-mail."""
    made = await setup(ctx.api, ctx.plan.stock())
    ctx.company_id, ctx.warehouse_id, ctx.product_id = made["company_id"], made["warehouse_id"], made["product_id"]
    ctx.service_id = await service_product(ctx.api)
    ctx.customer_id = await customer(ctx.api)


def rss_rows(ctx: Ctx, idle: procstat.RssSampler) -> list[Row]:
    rows = []
    for name in ctx.procs:
        mb = ctx.rss.peak.get(name, 0) / 1024
        is_service = name in procstat.SERVICES
        kids = ""
        if is_service and ctx.rss.children.get(name):
            kids = (f"; its {ctx.rss.children[name]} child process(es): largest "
                    f"{ctx.rss.child_peak[name] / 1024:.0f} MB")
        what = "private memory (RssAnon) of all its processes" if name == procstat.POSTGRESQL else "VmRSS"
        rows.append(Row(f"6. RSS {name}", f"peak under load {mb:.0f} MB{kids}",
                        f"idle before the steps: {idle.peak.get(name, 0) / 1024:.0f} MB ({what})",
                        f"{mb / RSS_TARGET_MB:.2f} of the target" if is_service else "—",
                        f"< {RSS_TARGET_MB} MB" if is_service else "—"))
    return rows


async def run(ctx: Ctx, only: list[str]) -> tuple[list[Row], bool]:
    rows, ok = [], True
    idle = await asyncio.to_thread(procstat.idle_rss, ctx.procs)
    ctx.rss = procstat.RssSampler(ctx.procs).start()
    try:
        async with ctx.client() as api:
            ctx.api = api
            await prepare(ctx)
            await ctx.measure_idle(ctx.plan.idle_seconds)
            for key in only:
                print(f"bench: step {key} ...", file=sys.stderr, flush=True)
                ctx.step, ctx.busy_platform = key, False
                try:
                    rows += await STEPS[key](ctx)
                except Exception as exc:  # a failed step is a row of the table, the others still run
                    traceback.print_exc()
                    rows.append(Row(f"{key}. FAILED", f"{type(exc).__name__}: {str(exc)[:300]}"))
                    ok = False
            ctx.step = "after the steps"
            await ctx.measure_idle(ctx.plan.idle_seconds)
    finally:
        ctx.rss.stop()
    return rows + rss_rows(ctx, idle), ok


def header(ctx: Ctx, quick: bool, started: dt.datetime, load_before: str) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    version = (commit.stdout.strip() or "unknown") + (" + uncommitted changes" if dirty else "")
    return (f"## make bench{' --quick' if quick else ''}, {started:%Y-%m-%d %H:%M}\n\n"
            f"commit {version}; {os.cpu_count()} CPUs; load average {load_before} before, {load_average()} after; "
            f"gateway {ctx.gateway_url}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a short run (about a minute): the suite works")
    ap.add_argument("--only", default=",".join(STEPS), help="steps to run, e.g. 1,3 (RSS always)")
    args = ap.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if unknown := [s for s in only if s not in STEPS]:
        fail(f"unknown step(s) {unknown}: choose among {', '.join(STEPS)}")
    run_dir = Path(os.environ.get("RUN_DIR", ROOT / ".run")).resolve()
    ctx = preflight(run_dir, Plan.quick() if args.quick else Plan())
    if warning := rate_limit(ctx):
        print(f"bench: WARNING: {warning}; the figures will count 429s "
              "(RATE_LIMIT_PER_MINUTE=0 make restart)", file=sys.stderr)
        ctx.notes.append(f"WARNING: {warning}")
    load_before, started = load_average(), dt.datetime.now()
    rows, ok = asyncio.run(run(ctx, only))
    idle = ", ".join(f"{k} {v:.1f}" for k, v in sorted(ctx.idle_ms_per_s.items(), key=lambda kv: -kv[1]) if v >= 0.05)
    ctx.notes.insert(0, f"idle background (the lower of a reading before and after the steps), CPU ms per "
                        f"second: {idle or 'none'}")
    notes = "".join(f"\n- {n}" for n in ctx.notes)
    text = f"{header(ctx, args.quick, started, load_before)}\n{markdown(rows)}\n{notes}\n"
    print(text)
    out = run_dir / "bench" / f"bench-{started:%Y%m%d-%H%M%S}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"written to {out}", file=sys.stderr)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
