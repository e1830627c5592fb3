"""The real payments service on a database and vhost of its own; a bus to publish documents' and
sequencing's events and collect `payments.#`; an RPC caller; SQL access; a stand-in for documents'
`documents.get` (the one call payments makes, for documents it does not know)."""
from __future__ import annotations

import itertools
import random
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from services.payments.db import receivables
from shared.contracts.sequencing import NumberAllocated
from shared.db.pool import create_pool
from shared.messaging.connection import confirm_channel, connect
from shared.messaging.rpc import RpcServer
from tests.harness import drop_env, eventually, isolated_env, rpc_caller
from tests.sequencing.integration.bus import Bus

_documents = itertools.count(random.randint(1, 9_000) * 10_000)
ISSUED = date(2026, 2, 22)
DOCUMENTS_SAY: dict[int, dict] = {}  # document id -> documents.get's answer body (absent: 404)


@pytest.fixture(scope="session")
async def pay_env(infra):
    name, env = await isolated_env(infra, "pay")
    yield env
    await drop_env(infra, name)


@pytest.fixture(scope="session")
def payments(pay_env, start_service):
    svc = start_service("payments", **pay_env)
    yield svc
    svc.stop()  # before pay_env's database and vhost go away


@pytest.fixture(scope="session")
async def bus(pay_env, payments):
    bus = await Bus(pay_env["AMQP_URL"], ("payments.#",)).start()
    yield bus
    await bus.close()


@pytest.fixture(scope="session")
async def pay_call(pay_env, payments):
    async with rpc_caller(pay_env["AMQP_URL"], "payments", "tests-pay", timeout=20) as call:
        yield call


@pytest.fixture(scope="session")
async def pay_db(pay_env, payments):
    pool = await create_pool(pay_env["DATABASE_URL"], "payments", max_size=3)
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
async def documents_stub(pay_env, payments):
    """Answers documents.get from DOCUMENTS_SAY, as documents would."""
    from shared.contracts.rpc import NotFound, RpcRequest

    async def get(req: RpcRequest) -> dict:
        answer = DOCUMENTS_SAY.get(int(req.path_params["id"]))
        if answer is None:
            raise NotFound()
        return answer

    conn = await connect(pay_env["AMQP_URL"], "tests-documents")
    server = RpcServer(None, await confirm_channel(conn), "documents", {"documents.get": get})
    await server.start()
    yield DOCUMENTS_SAY
    await server.stop(1)
    await conn.close()


@pytest.fixture
def company() -> int:
    return random.randint(10**6, 2**31 - 1)


def next_document() -> int:
    return next(_documents)


async def receivable(pay_db, company: int, document_id: int, **expected):
    """The recorded receivable once it has the expected values (polled: events are asynchronous)."""
    async def ready():
        async with pay_db.acquire() as conn:
            row = await receivables.get(conn, company, document_id)
        if row is None or not row["recorded"] or any(row[k] != v for k, v in expected.items()):
            return None
        return row
    return await eventually(ready, timeout=20)


async def fetch(pay_db, sql: str, *args):
    async with pay_db.acquire() as conn:
        return await conn.fetch(sql, *args)


def recorded(kind, document_id: int, total: str, *, customer_id: int | None = 2, issue=ISSUED, **extra):
    """A documents.*_recorded event (InvoiceRecorded, SalesOrderRecorded, DebitNoteRecorded, CreditNoteRecorded)."""
    types = {"InvoiceRecorded": "invoice", "SalesOrderRecorded": "sales_order", "DebitNoteRecorded": "debit_note",
             "CreditNoteRecorded": "credit_note"}
    return kind(document_id=document_id, document_type=types[kind.__name__], issue_date=issue,
                customer_id=customer_id, customer_name="Cliente Demo" if customer_id else "CONSUMIDOR FINAL",
                series="001-001", total=Decimal(total), **extra)


def numbered(document_id: int, number: int, document_type: str = "invoice") -> NumberAllocated:
    return NumberAllocated(document_id=document_id, document_type=document_type, series="001-001",
                           establishment="001", emission_point="001", number=number,
                           display_number=f"001-001-{number:09d}", allocated_at=datetime.now(timezone.utc))


def payment(document_id: int, amount=None, advance=None, mode=None, on: str = "2026-02-23", **extra) -> dict:
    body = {"document_id": document_id, "payment_date": on, **extra}
    for key, value in (("amount", amount), ("apply_advance_amount", advance), ("overpayment_mode", mode)):
        if value is not None:
            body[key] = value
    return body
