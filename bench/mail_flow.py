"""End to end to the customer's inbox: invoices per second from the POST to `mail_status: sent`
(record, stock, number, sign, SRI simulator, authorization, RIDE render, PDF stored, mail
accepted by the SMTP sink), next to the render rate of one process rendering the same
RIDE in a loop (bench/ride.py), measured in the same run right after.

The ratio is the performance issue's target (80% or more): rendering is the heaviest
step after authorization, so the pipeline should approach one renderer's loop rate.

Needs the platform of `make up` with RATE_LIMIT_PER_MINUTE=0 (`RATE_LIMIT_PER_MINUTE=0 make restart`).
Usage: .venv/bin/python bench/mail_flow.py [--clients 8] [--invoices 120] [--render-seconds 10]
"""
from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from issuance import env_file, ok, pct, setup  # noqa: E402  (bench scripts share helpers)

ROOT = Path(__file__).resolve().parents[1]


def mail_of(doc: dict) -> str:
    return doc.get("mail_status") or ((doc.get("sri_response") or {}).get("mail") or {}).get("status") or "pending"


async def customer(api: httpx.AsyncClient) -> int:
    found = (await ok(api.get("/customers", params={"q": "1710034065", "per_page": 5})))["data"]
    with_mail = [c for c in found if c.get("email")]
    if with_mail:
        return with_mail[0]["id"]
    return (await ok(api.post("/customers", json={
        "identification_type": "cedula", "identification": "0926687856", "name": "Cliente Benchmark",
        "email": "bench@example.com"})))["data"]["id"]


async def mail_one(api: httpx.AsyncClient, body: dict, poll: float, out: dict, patience: float = 180) -> None:
    started = time.perf_counter()
    resp = await api.post("/documents/invoices", params={"wait": 30}, json=body)
    if resp.status_code != 201:
        out["errors"].append(resp.status_code)
        return
    doc = resp.json()["data"]
    while mail_of(doc) == "pending":
        if time.perf_counter() - started > patience:
            out["errors"].append("timeout")
            return
        await asyncio.sleep(poll)
        doc = await ok(api.get(f"/documents/{doc['id']}"))
    if mail_of(doc) != "sent":
        out["errors"].append(mail_of(doc))
        return
    out["latencies"].append(time.perf_counter() - started)


async def run(api: httpx.AsyncClient, body: dict, clients: int, invoices: int, poll: float) -> dict:
    out: dict = {"latencies": [], "errors": []}
    left = iter(range(invoices))

    async def client() -> None:
        for _ in left:
            await mail_one(api, body, poll, out)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    out["elapsed"] = time.perf_counter() - started
    return out


def render_loop_rate(seconds: float) -> float:
    """One separate process rendering the standard factura RIDE in a loop (bench/ride.py)."""
    code = f"import sys; sys.path.insert(0, 'bench'); from ride import render_rate; print(render_rate({seconds}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


async def main() -> None:
    demo = env_file("demo.env")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--invoices", type=int, default=120)
    ap.add_argument("--poll", type=float, default=0.05)
    ap.add_argument("--render-seconds", type=float, default=10)
    ap.add_argument("--gateway-url", default=demo.get("GATEWAY_URL"))
    ap.add_argument("--api-key", default=demo.get("API_KEY"))
    args = ap.parse_args()
    if not (args.gateway_url and args.api_key):
        ap.error("no stack found: run `make up`, or pass --gateway-url and --api-key")
    async with httpx.AsyncClient(base_url=args.gateway_url.rstrip("/") + "/api/v1/company", timeout=90,
                                 headers={"X-API-Key": args.api_key},
                                 limits=httpx.Limits(max_connections=args.clients * 2)) as api:
        ctx = await setup(api, args.invoices + args.clients)
        body = {"warehouse_id": ctx["warehouse_id"], "customer_id": await customer(api),
                "items": [{"product_id": ctx["product_id"], "quantity": 1}]}
        await run(api, body, args.clients, args.clients, args.poll)  # warm-up
        out = await run(api, body, args.clients, args.invoices, args.poll)
    loop = render_loop_rate(args.render_seconds)
    lat = [x * 1000 for x in out["latencies"]]
    rate = len(lat) / out["elapsed"] if out["elapsed"] else 0.0
    print(f"mail flow: {args.invoices} invoices, {args.clients} clients, via {args.gateway_url}")
    print(f"  mailed: {len(lat)}  errors: {len(out['errors'])} {sorted(set(map(str, out['errors'])))}")
    if lat:
        print(f"  POST -> mailed: {rate:.2f} invoices/s   latency ms p50 {pct(lat, 50):.0f}  p99 {pct(lat, 99):.0f}")
    print(f"  reference, one process rendering the same RIDE in a loop: {loop:.2f} renders/s")
    print(f"  end to end / render loop: {rate / loop * 100 if loop else 0:.0f}% (target of the performance issue: 80%)")


if __name__ == "__main__":
    asyncio.run(main())
