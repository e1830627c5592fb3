"""A cancel and a payment racing on one document, with the real payments service: exactly one wins.

documents asks payments' `receivables.close` before it cancels; payments serializes that call and
POST /payments on the receivable's row. The payment first: the cancel is a 409 with payments'
reason. The close first: the payment is a 409 and the document is cancelled. Its own database and
vhost: the real documents and payments processes, fake inventory and sequencing (fakes.py).
"""
from __future__ import annotations

import asyncio
import random

import pytest

from shared.db.pool import create_pool
from shared.messaging.connection import connect
from shared.sri.timezone import today_ec
from tests import harness
from tests.documents.integration.fakes import serve_fakes
from tests.documents.integration.helpers import announce_company
from tests.harness import eventually

pytestmark = pytest.mark.integration
ROUNDS = 10
HAS_PAYMENTS = "El documento tiene pagos aplicados; revierta los pagos antes de anularlo."
STAGGER = 0.003  # the payment leaves up to 12 ms after the cancel (which has one more hop), so either may win


async def paying(pay, company: int, document_id: int, delay: float):
    await asyncio.sleep(delay)
    return await pay("payments.create", company_id=company, body={
        "document_id": document_id, "payment_date": str(today_ec()), "amount": "10.00"})


@pytest.fixture(scope="module")
async def race(infra, start_service):
    name, env = await harness.isolated_env(infra, "race")
    conn = await connect(env["AMQP_URL"], "tests-race")
    inventory, _, broker, servers = await serve_fakes(conn)
    env = {**env, "WAIT_UNTIL": "numbered"}
    procs = [start_service("payments", **env), start_service("documents", **env)]
    pool = await create_pool(env["DATABASE_URL"], "payments", max_size=2)
    async with harness.rpc_caller(env["AMQP_URL"], "documents", "race-docs") as docs, \
            harness.rpc_caller(env["AMQP_URL"], "payments", "race-pay") as pay:
        yield {"conn": conn, "inventory": inventory, "broker": broker, "docs": docs, "pay": pay, "pool": pool}
    await pool.close()
    for proc in procs:
        proc.stop()
    for server in servers:
        await server.stop(1)
    await conn.close()
    await harness.drop_env(infra, name)


@pytest.fixture(scope="module")
async def shop(race) -> dict:
    """A company documents knows, with a product in stock (fake inventory)."""
    company, docs = random.randint(10**6, 2**31 - 1), race["docs"]

    async def call(service, method, *, company_id, **kw):  # announce_company's signature
        return await docs(method, company_id=company_id, **kw)
    await announce_company(race["conn"], call, company)
    pencil = race["inventory"].add_product(company, "10", tax_rate="0")
    return {"company": company, "pencil": pencil,
            "warehouse": race["inventory"].add_warehouse(company, {pencil: "100"})}


async def receivable(race, shop) -> int:
    """An invoice of 10.00 payments has opened its receivable for."""
    created = await race["docs"]("invoices.create", company_id=shop["company"], body={
        "warehouse_id": shop["warehouse"], "items": [{"product_id": shop["pencil"], "quantity": 1}]})
    assert created.status == 201, created.body
    document_id = created.body["data"]["id"]
    await eventually(lambda: race["pool"].fetchval(
        "SELECT 1 FROM receivables WHERE document_id = $1 AND recorded", document_id), timeout=10)
    return document_id


async def test_a_cancel_and_a_payment_racing_one_wins(race, shop):
    company, docs, pay = shop["company"], race["docs"], race["pay"]
    wins = {"cancel": 0, "payment": 0}
    for round_ in range(ROUNDS):
        document_id = await receivable(race, shop)
        cancel, payment = await asyncio.gather(
            docs("documents.cancel", company_id=company, id=document_id),
            paying(pay, company, document_id, (round_ % 5) * STAGGER))
        assert sorted((cancel.status, payment.status)) in ([200, 409], [201, 409]), (cancel.body, payment.body)
        assert (cancel.status == 200) != (payment.status == 201), (cancel.body, payment.body)
        detail = (await docs("documents.get", company_id=company, id=document_id)).body
        if cancel.status == 200:
            wins["cancel"] += 1
            assert detail["status"] == "cancelled"
            assert await race["pool"].fetchval("SELECT status FROM receivables WHERE document_id = $1",
                                               document_id) == "closed"
            assert not await race["pool"].fetchval(
                "SELECT count(*) FROM payments WHERE document_id = $1 AND status = 'applied'", document_id)
        else:
            wins["payment"] += 1
            assert cancel.body["message"] == HAS_PAYMENTS
            assert detail["status"] == "issued"

            async def paid():  # payments' ReceivableUpdated reached documents
                shown = await docs("documents.get", company_id=company, id=document_id)
                return shown.body["payment_status"] == "paid" or None
            await eventually(paid, timeout=10)
    assert sum(wins.values()) == ROUNDS


async def test_a_cancel_retried_after_payments_closed_completes(race, shop):
    """documents stopped after payments' close and before its commit: the receivable is closed (payments
    refused), the document still issued; the retried cancel closes again (idempotent) and commits."""
    company, docs, pay = shop["company"], race["docs"], race["pay"]
    document_id = await receivable(race, shop)
    close = {"document_id": document_id, "document_type": "invoice"}
    assert (await pay("receivables.close", company_id=company, body=close)).status == 200
    assert (await paying(pay, company, document_id, 0)).status == 409
    assert (await docs("documents.get", company_id=company, id=document_id)).body["status"] == "issued"
    retried = await docs("documents.cancel", company_id=company, id=document_id)
    assert retried.status == 200 and retried.body["data"]["status"] == "cancelled"
