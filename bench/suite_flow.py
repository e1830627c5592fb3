"""Suite steps 2, 3 and 5 on the running platform: issuance from the POST to `authorized` (N clients,
then one client), the whole flow to `mail_status: sent` next to the render rate alone, and payments on
one hot invoice next to a raw locked update. Reuses bench/issuance.py, mail_flow.py and payments.py."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from types import SimpleNamespace

import asyncpg

import mail_flow
import payments
import procstat
from issuance import authorized, db_figures, pct, raw_update_rate, run_clients
from progress_watch import ProgressWatch
from suite_ctx import Ctx
from table import Row, ms, num, ratio

PDF = ("renderer_mailer",)  # the RIDE and the mail: left out of the per-invoice CPU target to authorized


def latency_text(out: dict, unit: str = "invoices/s") -> str:
    lat = [x * 1000 for x in out["latencies"]]
    errors = f", errors {len(out['errors'])} {sorted(set(map(str, out['errors'])))}" if out["errors"] else ""
    if not lat:
        return f"nothing completed{errors}"
    return (f"{num(len(lat) / out['elapsed'])} {unit}, p50 {ms(pct(lat, 50))}, p99 {ms(pct(lat, 99))} "
            f"({len(lat)} in {num(out['elapsed'])} s){errors}")


def rate_of(out: dict) -> float:
    return len(out["latencies"]) / out["elapsed"] if out["elapsed"] else 0.0


def poll_delays(ctx: Ctx) -> tuple[str, str]:
    """(SRI_POLL_DELAYS of the running sri_submitter, where it comes from): its environment, else the
    settings' default."""
    env = procstat.environ(ctx.procs.get("sri_submitter", 0))
    if env and "SRI_POLL_DELAYS" in env:
        return env["SRI_POLL_DELAYS"], "the sri_submitter's environment"
    from services.sri_submitter.settings import DEFAULT_DELAYS
    source = "not set: the settings' default" if env is not None else "environment unreadable: the settings' default"
    return ",".join(f"{d:g}" for d in DEFAULT_DELAYS), source


async def server_authorized_ms(dsn: str, company_id: int, since_epoch: float) -> list[float]:
    """documents.created_at -> sri_authorized_at of the invoices recorded since `since_epoch`."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT extract(epoch FROM sri_authorized_at - created_at) * 1000 AS ms FROM documents.documents "
            "WHERE company_id = $1 AND created_at >= to_timestamp($2) AND sri_authorized_at IS NOT NULL",
            company_id, since_epoch)
    finally:
        await conn.close()
    return [float(r["ms"]) for r in rows]


def submitter_work(root) -> dict[str, float]:
    """bench/signing.py's invoice_work_ms in a process of its own (CPU ms of XML + XSD, XAdES sign)."""
    code = ("import json, sys; sys.path.insert(0, 'bench'); from signing import invoice_work_ms; "
            "print(json.dumps(invoice_work_ms(1)))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def sim_delay(ctx: Ctx) -> str:
    """SIM_PROCESSING_DELAY_SECONDS of the running simulator (the time from RECIBIDA to its decision)."""
    env = procstat.environ(ctx.procs.get("sri_simulator", 0)) or {}
    if "SIM_PROCESSING_DELAY_SECONDS" in env:
        return env["SIM_PROCESSING_DELAY_SECONDS"]
    from services.sri_simulator.settings import Settings
    return f"{Settings.model_fields['sim_processing_delay_seconds'].default:g} (default)"


async def issuance(ctx: Ctx) -> list[Row]:
    p = ctx.plan
    stock = {"warehouse_id": ctx.warehouse_id, "product_id": ctx.product_id}
    async with ProgressWatch(ctx.dsn) as watch:
        many = SimpleNamespace(wait=0, poll=0.05, clients=p.clients, watch=watch)
        await run_clients(ctx.api, stock, many, p.clients, until=authorized)  # warm-up
        since = time.time()
        async with ctx.cpu() as meter:
            out = await run_clients(ctx.api, stock, many, p.invoices, until=authorized)
        numbering = await db_figures(ctx.dsn, ctx.company_id, since)
        polled = SimpleNamespace(wait=0, poll=0.05, clients=p.clients)
        async with ctx.cpu() as poll_meter:
            polling = await run_clients(ctx.api, stock, polled, p.invoices, until=authorized)
        one = SimpleNamespace(wait=0, poll=0.02, clients=1, watch=watch)
        since_one = time.time()
        async with ctx.cpu() as single_meter:
            single = await run_clients(ctx.api, stock, one, p.one_client, until=authorized)
    server = await server_authorized_ms(ctx.dsn, ctx.company_id, since_one)
    work = await asyncio.to_thread(submitter_work, ctx.root)
    delays, source = poll_delays(ctx)
    done = len(out["latencies"])
    known = sum(v for name, v in meter.ms.items() if name not in PDF and v == v)
    polled_done = len(polling["latencies"])
    polled_known = sum(v for name, v in poll_meter.ms.items() if name not in PDF and v == v)
    ctx.in_flow_allocations = numbering
    return [
        Row(f"2. POST invoice → `authorized`, {p.invoices} invoices, {p.clients} clients (POST ?wait=0; the "
            "bench learns of each authorization from documents' NOTIFY, no GETs)", latency_text(out),
            f"the submitter's own work, one process: XML + XSD {work['xml']:.1f} ms, XAdES sign "
            f"{work['sign']:.1f} ms of CPU", f"{known / done / 40:.2f} of the target" if done else "n/a",
            "≤ 40 ms CPU per invoice (all processes, PDF excluded)", ctx.cpu_text(meter, done, also_without=PDF)),
        Row("2a. same, the client polling GET /documents/{id} every 50 ms (as the issue measured)",
            latency_text(polling), "row 2: the same invoices without the GETs",
            f"{polled_known / polled_done / 40:.2f} of the target" if polled_done else "n/a", "—",
            ctx.cpu_text(poll_meter, polled_done, also_without=PDF)),
        Row(f"2b. same as 2, one client, {p.one_client} invoices; SRI_POLL_DELAYS={delays} ({source}), "
            f"simulator SIM_PROCESSING_DELAY_SECONDS={sim_delay(ctx)}",
            f"p50 {ms(pct([x * 1000 for x in single['latencies']], 50)) if single['latencies'] else 'n/a'} "
            f"POST → authorized (server created → authorized p50 {ms(pct(server, 50)) if server else 'n/a'})",
            f"the first SRI_POLL_DELAYS step: {delays.split(',')[0]} s (the wait before the first authorization "
            "query)", "—",
            "p50 < 100 ms with the first delay set to 0",
            ctx.cpu_text(single_meter, len(single["latencies"]), also_without=PDF)),
    ]


async def mailed(ctx: Ctx) -> list[Row]:
    p = ctx.plan
    body = {"warehouse_id": ctx.warehouse_id, "customer_id": ctx.customer_id,
            "items": [{"product_id": ctx.product_id, "quantity": 1}]}
    async with ctx.cpu() as meter:
        out = await mail_flow.run(ctx.api, body, p.mail_clients, p.mailed, 0.05)
    await ctx.settle()
    loop = await asyncio.to_thread(mail_flow.render_loop_rate, p.render_seconds)
    rate = rate_of(out)
    return [Row(f"3. POST invoice → `mail_status: sent` (RIDE rendered, stored, mailed to the SMTP sink), "
                f"{p.mailed} invoices, {p.mail_clients} clients (POST ?wait=30)", latency_text(out),
                f"WeasyPrint render loop alone (bench/ride.py, the same RIDE, one process): {num(loop)} renders/s",
                ratio(rate, loop), "≥ 0.8 of the render rate", ctx.cpu_text(meter, len(out["latencies"])))]


async def hot_payments(ctx: Ctx) -> list[Row]:
    p = ctx.plan
    hot, = await payments.invoices(ctx.api, 1)
    await payments.known(ctx.api, hot, "1.00")
    await payments.run(ctx.api, [hot], p.clients, p.clients * 3, "1.00")  # warm-up
    async with ctx.cpu() as meter:
        out = await payments.run(ctx.api, [hot], p.clients, p.payments, "1.00")
    checked = await payments.settled(ctx.dsn, ctx.company_id, [hot])
    locked = await raw_update_rate(ctx.dsn, p.clients, p.raw_seconds, locked=True)
    if checked["bad"] or checked["behind"]:
        ctx.notes.append(f"step 5: receivable figures {checked['bad'] or 'OK'}, {checked['behind']} behind")
    return [Row(f"5. payments on ONE hot invoice, {p.payments} POST /payments, {p.clients} clients",
                latency_text(out, "payments/s"),
                f"raw asyncpg `SELECT ... FOR UPDATE` + `UPDATE` on one row, own tx, {p.clients} connections: "
                f"{num(locked)} tx/s", ratio(rate_of(out), locked), "—", ctx.cpu_text(meter, len(out["latencies"])))]
