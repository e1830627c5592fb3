"""Invoice issuance through the gateway: N concurrent clients post invoices until numbered.

Each client loops: POST /api/v1/company/documents/invoices?wait=W (the flow: validate,
products, stock reservation, record + outbox, numbering by sequencing, stock applied),
and polls GET /documents/{id} when the answer came back before the number (default
wait=0: the POST answers at once, whatever step documents' WAIT_UNTIL names). Latency
is from the POST to the number as the client sees it; the server's own figure
(documents.created_at -> numbered_at) comes from the database. Prints invoices/s and p50/p99, the numbering allocations/s
seen in sequencing's allocations, and, measured in the same run on the same database,
raw asyncpg `UPDATE ... RETURNING` transactions/s on one hot row (a scratch table).

The gateway must run with RATE_LIMIT_PER_MINUTE=0. Setup: a product BENCH-001 with
stock for the run in the first warehouse (created when missing).

Usage: .venv/bin/python bench/issuance.py [--clients 10] [--invoices 300] [--wait 0] [--poll 0.05]
       [--gateway-url URL --api-key KEY] [--database-url DSN]
Defaults from .run/demo.env (GATEWAY_URL, API_KEY) and .run/infra.env (DATABASE_URL).
"""
from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]


def env_file(name: str) -> dict[str, str]:
    path = ROOT / ".run" / name
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip().strip("'\"") for k, v in pairs}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def ok(resp_coro, expected=(200, 201)) -> dict:
    resp = await resp_coro
    if resp.status_code not in expected:
        raise SystemExit(f"{resp.request.method} {resp.request.url} -> {resp.status_code}: {resp.text[:300]}")
    return resp.json()


async def setup(api: httpx.AsyncClient, invoices: int) -> dict:
    """Warehouse, product BENCH-001 and enough stock for this run."""
    warehouses = (await ok(api.get("/warehouses", params={"per_page": 1})))["data"]
    warehouse = warehouses[0] if warehouses else \
        (await ok(api.post("/warehouses", json={"code": "BENCH", "name": "Bodega benchmark"})))["data"]
    found = [p for p in (await ok(api.get("/products", params={"q": "BENCH-001", "per_page": 5})))["data"]
             if p["code"] == "BENCH-001"]
    product = found[0] if found else (await ok(api.post("/products", json={
        "code": "BENCH-001", "name": "Producto benchmark", "price": "1.00", "tax_rate": 15})))["data"]
    await ok(api.post("/inventory/movements", headers={"Idempotency-Key": f"bench-{uuid.uuid4().hex}"}, json={
        "type": "adjustment_in", "warehouse_id": warehouse["id"], "reference": "benchmark",
        "items": [{"product_id": product["id"], "quantity": invoices}]}))
    company = (await ok(api.get("/auth/me")))["company"]["id"]
    return {"warehouse_id": warehouse["id"], "product_id": product["id"], "company_id": company}


SRI_FINAL = ("authorized", "rejected", "error")


def numbered(doc: dict) -> str | None:
    """Until-check of issue_one: None while the document waits for its number, then "ok"."""
    if doc.get("process_state") == "failed":
        return "failed"
    return None if doc["number"] is None else "ok"


def authorized(doc: dict) -> str | None:
    """Until-check of issue_one: None until the SRI's final answer, then "ok" (authorized) or the status."""
    if doc.get("process_state") == "failed":
        return "failed"
    status = doc["sri_status"]
    return None if status not in SRI_FINAL else "ok" if status == "authorized" else status


async def issue_one(api: httpx.AsyncClient, body: dict, args: argparse.Namespace, out: dict,
                    until=numbered, patience: float = 120) -> None:
    """POST one invoice, then GET it every `args.poll` s (or, with `args.watch`, wait for the notifications)
    until `until(doc)` answers; the latency when "ok"."""
    started = time.perf_counter()
    resp = await api.post("/documents/invoices", params={"wait": args.wait}, json=body)
    if resp.status_code != 201:
        out["errors"].append(resp.status_code)
        return
    data = resp.json()["data"]
    watch = getattr(args, "watch", None)  # progress_watch.ProgressWatch: notified, no GETs
    if watch is not None:
        outcome = await watch.reached(data, until, patience)
    while watch is None and (outcome := until(data)) is None:
        if time.perf_counter() - started > patience:
            outcome = "timeout"
            break
        await asyncio.sleep(args.poll)
        data = (await ok(api.get(f"/documents/{data['id']}")))
    if outcome != "ok":
        out["errors"].append(outcome)
        return
    out["latencies"].append(time.perf_counter() - started)


async def run_clients(api: httpx.AsyncClient, ctx: dict, args: argparse.Namespace, invoices: int,
                      until=numbered) -> dict:
    body = {"warehouse_id": ctx["warehouse_id"], "items": [{"product_id": ctx["product_id"], "quantity": 1}]}
    out: dict = {"latencies": [], "errors": []}
    left = iter(range(invoices))

    async def client() -> None:
        for _ in left:
            await issue_one(api, body, args, out, until)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(args.clients)))
    out["elapsed"] = time.perf_counter() - started
    return out


async def db_figures(dsn: str, company_id: int, since_epoch: float) -> dict:
    """From the run's rows: sequencing's allocations (count, rate) and documents' record -> number latency."""
    conn = await asyncpg.connect(dsn)
    try:
        alloc = await conn.fetchrow(
            "SELECT count(*) AS n, extract(epoch FROM max(allocated_at) - min(allocated_at)) AS span "
            "FROM sequencing.allocations WHERE company_id = $1 AND allocated_at >= to_timestamp($2)",
            company_id, since_epoch)
        numbered = await conn.fetch(
            "SELECT extract(epoch FROM numbered_at - created_at) * 1000 AS ms FROM documents.documents "
            "WHERE company_id = $1 AND created_at >= to_timestamp($2) AND numbered_at IS NOT NULL",
            company_id, since_epoch)
    finally:
        await conn.close()
    span = float(alloc["span"] or 0)
    return {"allocated": alloc["n"], "alloc_rate": (alloc["n"] - 1) / span if span > 0 else 0.0,
            "server_ms": [float(r["ms"]) for r in numbered]}


async def raw_update_rate(dsn: str, connections: int, seconds: float, locked: bool = False) -> float:
    """asyncpg: UPDATE ... RETURNING on one row, each in its own transaction, `connections` at once;
    `locked`: a `SELECT ... FOR UPDATE` of the row first (read, then write, as a payment does)."""
    pool = await asyncpg.create_pool(dsn, min_size=connections, max_size=connections)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    await pool.execute(f"CREATE SCHEMA {schema}; CREATE TABLE {schema}.counter (id int PRIMARY KEY, n bigint);"
                       f"INSERT INTO {schema}.counter VALUES (1, 0)")
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        async with pool.acquire() as conn:
            while time.perf_counter() < deadline:
                async with conn.transaction():
                    if locked:
                        await conn.fetchval(f"SELECT n FROM {schema}.counter WHERE id = 1 FOR UPDATE")
                    await conn.fetchval(f"UPDATE {schema}.counter SET n = n + 1 WHERE id = 1 RETURNING n")
                done += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    rate = done / (time.perf_counter() - started)
    await pool.execute(f"DROP SCHEMA {schema} CASCADE")
    await pool.close()
    return rate


def issuing_parser(description: str, *, clients: int, invoices: int, poll: float,
                   poll_help: str) -> argparse.ArgumentParser:
    """The options of the scripts that issue invoices, the stack's defaults from .run/."""
    demo, infra = env_file("demo.env"), env_file("infra.env")
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--clients", type=int, default=clients)
    ap.add_argument("--invoices", type=int, default=invoices)
    ap.add_argument("--wait", type=float, default=0, help="?wait= seconds of each POST (0: answer at once, then poll)")
    ap.add_argument("--poll", type=float, default=poll, help=poll_help)
    ap.add_argument("--gateway-url", default=demo.get("GATEWAY_URL"))
    ap.add_argument("--api-key", default=demo.get("API_KEY"))
    ap.add_argument("--database-url", default=infra.get("DATABASE_URL"))
    return ap


def parse_issuing(ap: argparse.ArgumentParser) -> argparse.Namespace:
    args = ap.parse_args()
    if not (args.gateway_url and args.api_key and args.database_url):
        ap.error("no stack found: run `make up`, or pass --gateway-url, --api-key and --database-url")
    return args


def parse_args() -> argparse.Namespace:
    ap = issuing_parser(__doc__.splitlines()[0], clients=10, invoices=300, poll=0.05,
                        poll_help="seconds between GET /documents/{id} until numbered")
    ap.add_argument("--raw-seconds", type=float, default=5)
    return parse_issuing(ap)


async def main() -> None:
    args = parse_args()
    async with httpx.AsyncClient(base_url=args.gateway_url.rstrip("/") + "/api/v1/company", timeout=60,
                                 headers={"X-API-Key": args.api_key},
                                 limits=httpx.Limits(max_connections=args.clients * 2)) as api:
        ctx = await setup(api, args.invoices + args.clients)
        await run_clients(api, ctx, args, args.clients)  # warm-up
        since = time.time()
        out = await run_clients(api, ctx, args, args.invoices)
    figures = await db_figures(args.database_url, ctx["company_id"], since)
    raw = await raw_update_rate(args.database_url, args.clients, args.raw_seconds)
    report(args, out, figures, raw)


def report(args: argparse.Namespace, out: dict, figures: dict, raw: float) -> None:
    lat = [x * 1000 for x in out["latencies"]]
    print(f"issuance: {args.invoices} invoices, {args.clients} clients, wait={args.wait:g}s, via {args.gateway_url}")
    print(f"  numbered: {len(lat)}  errors: {len(out['errors'])} {sorted(set(out['errors']))}")
    if lat:
        print(f"  invoices/s: {len(lat) / out['elapsed']:.1f}   client POST -> number ms: p50 {pct(lat, 50):.0f}  "
              f"p99 {pct(lat, 99):.0f}  max {max(lat):.0f}")
    server = figures["server_ms"]
    if server:
        print(f"  server recorded -> numbered ms (documents.created_at -> numbered_at): p50 {pct(server, 50):.0f}  "
              f"p99 {pct(server, 99):.0f}")
    print(f"  numbering allocations/s (sequencing.allocations, {figures['allocated']} in the run): "
          f"{figures['alloc_rate']:.1f}")
    print(f"  raw asyncpg UPDATE ... RETURNING, one row, own tx, {args.clients} conns: {raw:.0f} tx/s")


if __name__ == "__main__":
    asyncio.run(main())
