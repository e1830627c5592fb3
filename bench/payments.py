"""Payments per second through the gateway: N concurrent clients POST /payments (each with its own
Idempotency-Key) (a) all on ONE hot invoice, (b) each on an invoice of its own, with p50/p99
latency of the POST (gateway -> payments RPC -> one transaction: the key's advisory lock and
lookup, the receivable row FOR UPDATE, the payment, the figures, two outbox rows, the key).

Next to them, measured in the same run on the same database: the ceiling of a hot row, raw asyncpg
transactions of `SELECT ... FOR UPDATE` + `UPDATE` on one row (and bench/issuance.py's
`UPDATE ... RETURNING`), with as many connections as clients. After each part: the figures are
checked (sum of the applied payments == paid_amount, balance never below 0) and the time documents
took to show the last receivable version (payment_status, from `payments.receivable_updated`).

The invoices: a customer with an e-mail (bench/mail_flow.py's) buying a service (BENCH-SRV, created
when missing) in a big quantity, so the payments never reach the total; they are created and left to
be authorized and mailed before the measures (that work would compete with the payments).

Needs the platform of `make up` with RATE_LIMIT_PER_MINUTE=0 (`RATE_LIMIT_PER_MINUTE=0 make restart`).
Usage: .venv/bin/python bench/payments.py [--clients 10] [--payments 400] [--amount 1.00] [--raw-seconds 5]
Defaults from .run/demo.env (GATEWAY_URL, API_KEY, DATABASE_URL).
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from issuance import env_file, ok, pct, raw_update_rate  # noqa: E402  (bench scripts share helpers)
from mail_flow import customer, mail_of  # noqa: E402

QUANTITY = 100_000  # of BENCH-SRV ($1.00 + IVA) per invoice: far above what the run pays
RECORDING = "El documento aún se está registrando"


async def service_product(api: httpx.AsyncClient) -> int:
    found = [p for p in (await ok(api.get("/products", params={"q": "BENCH-SRV", "per_page": 5})))["data"]
             if p["code"] == "BENCH-SRV"]
    return found[0]["id"] if found else (await ok(api.post("/products", json={
        "code": "BENCH-SRV", "name": "Servicio benchmark", "price": "1.00", "tax_rate": 15,
        "tracks_stock": False})))["data"]["id"]


async def invoices(api: httpx.AsyncClient, count: int, poll: float = 0.2, patience: float = 120) -> list[dict]:
    """`count` invoices (id, issue_date), created and left to be authorized and mailed."""
    warehouse = (await ok(api.get("/warehouses", params={"per_page": 1})))["data"][0]["id"]
    body = {"warehouse_id": warehouse, "customer_id": await customer(api),
            "items": [{"product_id": await service_product(api), "quantity": QUANTITY}]}
    created = [(await ok(api.post("/documents/invoices", json=body)))["data"] for _ in range(count)]
    deadline = time.monotonic() + patience
    for doc in created:
        while mail_of(await ok(api.get(f"/documents/{doc['id']}"))) == "pending" and time.monotonic() < deadline:
            await asyncio.sleep(poll)
    return created


async def pay(api: httpx.AsyncClient, doc: dict, amount: str) -> tuple[int, float]:
    """(status, seconds) of one POST /payments."""
    started = time.perf_counter()
    resp = await api.post("/payments", headers={"Idempotency-Key": f"bench-pay-{uuid.uuid4().hex}"}, json={
        "document_id": doc["id"], "payment_date": doc["issue_date"], "amount": amount})
    return resp.status_code, time.perf_counter() - started


async def known(api: httpx.AsyncClient, doc: dict, amount: str, patience: float = 60) -> None:
    """Pay once (warm-up), waiting until payments has the invoice's receivable (409 registrando until then)."""
    deadline = time.monotonic() + patience
    while True:
        resp = await api.post("/payments", headers={"Idempotency-Key": f"bench-pay-{uuid.uuid4().hex}"}, json={
            "document_id": doc["id"], "payment_date": doc["issue_date"], "amount": amount})
        if resp.status_code == 201:
            return
        if not (resp.status_code == 409 and RECORDING in resp.text) or time.monotonic() > deadline:
            raise SystemExit(f"POST /payments on {doc['id']} -> {resp.status_code}: {resp.text[:300]}")
        await asyncio.sleep(0.2)


async def run(api: httpx.AsyncClient, docs: list[dict], clients: int, payments: int, amount: str) -> dict:
    """`clients` concurrent clients, client i paying on docs[i % len(docs)], `payments` in all."""
    out: dict = {"latencies": [], "errors": []}
    left = iter(range(payments))

    async def client(doc: dict) -> None:
        for _ in left:
            status, seconds = await pay(api, doc, amount)
            if status == 201:
                out["latencies"].append(seconds)
            else:
                out["errors"].append(status)

    started = time.perf_counter()
    await asyncio.gather(*(client(docs[i % len(docs)]) for i in range(clients)))
    out["elapsed"] = time.perf_counter() - started
    return out


async def settled(dsn: str, company_id: int, docs: list[dict], patience: float = 120) -> dict:
    """The receivables' figures checked, and how long documents took to show their last version."""
    started, ids = time.perf_counter(), [d["id"] for d in docs]
    conn = await asyncpg.connect(dsn)
    try:
        bad = await conn.fetch(
            "SELECT r.document_id, r.paid_amount, r.balance, coalesce(sum(p.applied_amount), 0) AS applied "
            "FROM payments.receivables r LEFT JOIN payments.payments p ON p.receivable_id = r.id AND p.status = 'applied' "
            "WHERE r.company_id = $1 AND r.document_id = ANY($2::bigint[]) GROUP BY r.id "
            "HAVING r.paid_amount <> coalesce(sum(p.applied_amount), 0) OR r.balance < 0", company_id, ids)
        behind = "SELECT count(*) FROM payments.receivables r JOIN documents.documents d ON d.id = r.document_id " \
                 "WHERE r.company_id = $1 AND r.document_id = ANY($2::bigint[]) AND d.payment_version < r.version"
        while await conn.fetchval(behind, company_id, ids) and time.perf_counter() - started < patience:
            await asyncio.sleep(0.05)
        lag = await conn.fetchval(behind, company_id, ids)
    finally:
        await conn.close()
    return {"bad": [dict(r) for r in bad], "catch_up": time.perf_counter() - started, "behind": lag}


def report(name: str, out: dict, checked: dict) -> None:
    lat = [x * 1000 for x in out["latencies"]]
    print(f"  {name}: {len(lat)} payments, errors {len(out['errors'])} {sorted(set(out['errors']))}")
    if lat:
        print(f"    payments/s {len(lat) / out['elapsed']:.1f}   POST /payments ms p50 {pct(lat, 50):.0f}  "
              f"p99 {pct(lat, 99):.0f}  max {max(lat):.0f}")
    figures = checked["bad"] or "OK (paid_amount == sum of applied payments, balance >= 0)"
    behind = f" ({checked['behind']} still behind)" if checked["behind"] else ""
    print(f"    figures: {figures}; documents showed the last receivable version {checked['catch_up']:.1f} s "
          f"after the last 201{behind}")


async def main() -> None:
    demo = env_file("demo.env")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--payments", type=int, default=400, help="per part (hot document, many documents)")
    ap.add_argument("--amount", default="1.00")
    ap.add_argument("--raw-seconds", type=float, default=5)
    ap.add_argument("--gateway-url", default=demo.get("GATEWAY_URL"))
    ap.add_argument("--api-key", default=demo.get("API_KEY"))
    ap.add_argument("--database-url", default=demo.get("DATABASE_URL") or env_file("infra.env").get("DATABASE_URL"))
    args = ap.parse_args()
    if not (args.gateway_url and args.api_key and args.database_url):
        ap.error("no stack found: run `make up`, or pass --gateway-url, --api-key and --database-url")
    async with httpx.AsyncClient(base_url=args.gateway_url.rstrip("/") + "/api/v1/company", timeout=60,
                                 headers={"X-API-Key": args.api_key},
                                 limits=httpx.Limits(max_connections=args.clients * 2)) as api:
        company = (await ok(api.get("/auth/me")))["company"]["id"]
        hot, *own = await invoices(api, 1 + args.clients)
        await asyncio.gather(*(known(api, doc, args.amount) for doc in [hot, *own]))
        await run(api, [hot], args.clients, args.clients * 3, args.amount)  # warm-up
        one = await run(api, [hot], args.clients, args.payments, args.amount)
        one_checked = await settled(args.database_url, company, [hot])
        many = await run(api, own, args.clients, args.payments, args.amount)
        many_checked = await settled(args.database_url, company, own)
    locked = await raw_update_rate(args.database_url, args.clients, args.raw_seconds, locked=True)
    raw = await raw_update_rate(args.database_url, args.clients, args.raw_seconds)
    print(f"payments: {args.payments} per part, {args.clients} clients, ${args.amount} each, via {args.gateway_url}")
    report("(a) one hot document", one, one_checked)
    report(f"(b) {len(own)} documents, one per client", many, many_checked)
    print(f"  reference, raw asyncpg on one hot row, own tx, {args.clients} conns: SELECT ... FOR UPDATE + UPDATE "
          f"{locked:.0f} tx/s; UPDATE ... RETURNING {raw:.0f} tx/s")


if __name__ == "__main__":
    asyncio.run(main())
