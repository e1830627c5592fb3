"""What the invariants are checked on, read after quiescence from where it lives: the run's
database (every service's schema), the SRI simulator's /_sim/state, the file store (the head of
each RIDE PDF), the SMTP sink's mails (their Message-IDs), the payments schema (payments,
receivables, the Idempotency-Keys it remembers, advances), and the dead-letter queues of the
private broker (peeked, never consumed: unacked gets are given back)."""
from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from email.parser import BytesHeaderParser
from email.policy import default
from pathlib import Path
from urllib.parse import unquote, urlparse

import aio_pika
import asyncpg

from tests import harness
from tests.chaos.invariants import DeadLetter, Observed, PaymentReceived
from tests.chaos.shop import Shop
from tests.private_broker import PrivateBroker

SCHEMAS = ("gateway", "documents", "inventory", "sequencing", "sri_submitter", "renderer_mailer", "payments")
INVOICES = """SELECT id, series, number, status, process_state, sri_status, sri_access_key, stock_expected,
                     stock_applied_at, files->>'pdf_path' AS pdf_path, mail_status, total, payment_status,
                     payment_version
              FROM documents.documents WHERE company_id = $1 AND type = 'invoice'"""
STOCKED = """SELECT l.document_id, sum(l.quantity) AS quantity FROM documents.document_lines l
             JOIN documents.documents d ON d.id = l.document_id
             WHERE l.company_id = $1 AND d.type = 'invoice' AND l.tracks_stock GROUP BY 1"""
ALLOCATIONS = """SELECT document_id, series, number FROM sequencing.allocations
                 WHERE company_id = $1 AND document_type = 'invoice'"""
MOVED = """SELECT m.source_id, sum(i.quantity) AS quantity FROM inventory.movements m
           JOIN inventory.movement_items i ON i.movement_id = m.id
           WHERE m.company_id = $1 AND m.type = 'sale' GROUP BY 1"""
SUBMISSIONS = "SELECT document_id, access_key, stage, messages FROM sri_submitter.submissions WHERE company_id = $1"
RENDERS = "SELECT document_id, status, pdf_path FROM renderer_mailer.renders WHERE company_id = $1"
DELIVERIES = """SELECT document_id, request_id, status, message_id, attempts FROM renderer_mailer.mail_deliveries
                WHERE company_id = $1"""
PAYMENTS = """SELECT id, document_id, status, amount, applied_advance_amount, applied_amount, excess_amount,
                     created_advance_amount FROM payments.payments WHERE company_id = $1"""
RECEIVABLES = """SELECT document_id, recorded, status, total, paid_amount, credited_amount, balance, payment_status,
                        version FROM payments.receivables WHERE company_id = $1"""
PAYMENT_KEYS = """SELECT substr(key, 5) AS key, resource_id FROM payments.request_keys
                  WHERE company_id = $1 AND resource_type = 'payment' AND key LIKE 'key:%'"""
ADVANCES = """SELECT id, amount, remaining, source, source_payment_id, status FROM payments.customer_advances
              WHERE company_id = $1"""
ADVANCE_USES = "SELECT payment_id, amount, reversed_at FROM payments.advance_applications WHERE company_id = $1"
# payments has not recorded the invoice's receivable yet, or documents shows an older version of it
RECEIVABLE_MISSING = """SELECT count(*) FROM documents.documents d WHERE d.company_id = $1 AND d.type = 'invoice'
                        AND d.status <> 'draft' AND NOT EXISTS (SELECT 1 FROM payments.receivables r
                        WHERE r.company_id = d.company_id AND r.document_id = d.id AND r.recorded)"""
STATUS_BEHIND = """SELECT count(*) FROM payments.receivables r JOIN documents.documents d
                   ON d.company_id = r.company_id AND d.id = r.document_id
                   WHERE r.company_id = $1 AND r.recorded AND d.payment_version < r.version"""
# an authorized invoice whose PDF is not recorded yet or whose mail is still on its way (delivery.delivered)
NOT_DELIVERED = """SELECT count(*) FROM documents.documents WHERE company_id = $1 AND type = 'invoice'
                   AND sri_status = 'authorized' AND (files->>'pdf_path' IS NULL OR mail_status = 'pending'
                   OR (mail_status = 'failed' AND coalesce(mail->>'permanent', '') <> 'true'))"""


async def pending_work(dsn: str, company_id: int) -> dict[str, int]:
    """What is still moving: documents not final, SRI submissions active, RIDEs and mails on their way,
    receivables not recorded or not yet shown by documents, outbox rows unsent."""
    conn = await asyncpg.connect(dsn)
    try:
        out = {"documents not final": await conn.fetchval(
            "SELECT count(*) FROM documents.documents WHERE company_id = $1 AND type = 'invoice' AND ("
            "process_state NOT IN ('numbered', 'failed', 'cancelled') OR sri_status NOT IN "
            "('authorized', 'rejected', 'error') OR (stock_expected AND stock_applied_at IS NULL))", company_id),
            "submissions active": await conn.fetchval(
                "SELECT count(*) FROM sri_submitter.submissions WHERE stage IN ('pending', 'signed', 'received')"),
            "documents not rendered or mailed": await conn.fetchval(NOT_DELIVERED, company_id),
            "renders pending": await conn.fetchval("SELECT count(*) FROM renderer_mailer.renders "
                                                   "WHERE status = 'pending'"),
            "mails pending": await conn.fetchval("SELECT count(*) FROM renderer_mailer.mail_deliveries "
                                                 "WHERE status IN ('pending', 'sending')"),
            "invoices without a receivable": await conn.fetchval(RECEIVABLE_MISSING, company_id),
            "payment_status behind": await conn.fetchval(STATUS_BEHIND, company_id)}
        for schema in SCHEMAS:
            out[f"{schema} outbox"] = await conn.fetchval(
                f'SELECT count(*) FROM "{schema}".outbox WHERE published_at IS NULL')
        return out
    finally:
        await conn.close()


def pdf_heads(files: Path, paths: list[str]) -> dict[str, bytes | None]:
    """The first bytes of each stored file (None: not in the store)."""
    out: dict[str, bytes | None] = {}
    for path in paths:
        try:
            with open(files / path, "rb") as f:
                out[path] = f.read(8)
        except FileNotFoundError:
            out[path] = None
    return out


def message_ids(mail_files: list[Path]) -> list[str]:
    """The Message-ID header of each mail the SMTP sink kept (headers only: the attachments are skipped)."""
    parser = BytesHeaderParser(policy=default)
    return [str(parser.parsebytes(p.read_bytes())["Message-ID"] or "") for p in mail_files]


async def observe(dsn: str, shop: Shop, received: dict[str, int], sim: dict[str, dict],
                  broker: PrivateBroker, *, files: Path, mail_files: list[Path], mailer_kills: int,
                  payments_received: dict[str, PaymentReceived] | None = None) -> Observed:
    conn = await asyncpg.connect(dsn)
    try:
        company = shop.company_id
        documents = [dict(r) for r in await conn.fetch(INVOICES, company)]
        stocked = {r["document_id"]: r["quantity"] for r in await conn.fetch(STOCKED, company)}
        allocations = [dict(r) for r in await conn.fetch(ALLOCATIONS, company)]
        moved = {r["source_id"]: r["quantity"] for r in await conn.fetch(MOVED, company)}
        on_hand = await conn.fetchval("SELECT quantity FROM inventory.stock WHERE warehouse_id = $1 AND "
                                      "product_id = $2", shop.warehouse, shop.stocked)
        submissions = [dict(r) for r in await conn.fetch(SUBMISSIONS, company)]
        renders = [dict(r) for r in await conn.fetch(RENDERS, company)]
        deliveries = [{**r, "attempts": _json(r["attempts"])} for r in map(dict, await conn.fetch(DELIVERIES, company))]
        ledger = {name: [dict(r) for r in await conn.fetch(sql, company)] for name, sql in (
            ("payments", PAYMENTS), ("receivables", RECEIVABLES), ("advances", ADVANCES),
            ("advance_uses", ADVANCE_USES))}
        keys = {r["key"]: r["resource_id"] for r in await conn.fetch(PAYMENT_KEYS, company)}
        letters = await dead_letters(broker, conn)
    finally:
        await conn.close()
    return Observed(received, documents, stocked, allocations, moved, on_hand or Decimal(0), shop.initial_stock,
                    submissions, sim, letters, company_id=company, renders=renders,
                    pdf_heads=pdf_heads(files, [r["pdf_path"] for r in renders]), deliveries=deliveries,
                    mails=message_ids(mail_files), mailer_kills=mailer_kills,
                    payments_received=payments_received or {}, payment_keys=keys, **ledger)


def _json(value):
    """A jsonb column as asyncpg returns it without a codec: its text."""
    return json.loads(value) if isinstance(value, str) else value


def queue_names(broker: PrivateBroker) -> list[str]:
    """The queues of the broker's vhost (rabbitmqctl list_queues)."""
    vhost = unquote(urlparse(broker.url).path.lstrip("/")) or "/"
    done = subprocess.run([str(harness.INFRA), "rabbitmqctl", "list_queues", "-p", vhost, "name",
                           "--no-table-headers"], env=broker.env, capture_output=True, text=True, timeout=60)
    done.check_returncode()
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


async def dead_letters(broker: PrivateBroker, conn: asyncpg.Connection) -> list[DeadLetter]:
    """Every message in a `*.dlq` (read with basic.get, which the queue's stats do not lag behind),
    with its explanation: it is explained when the consumer it died in had already applied it
    (its inbox holds the message id)."""
    amqp = await aio_pika.connect(broker.url)
    try:
        channel = await amqp.channel()
        out = []
        for name in sorted(q for q in queue_names(broker) if q.endswith(".dlq")):
            queue = await channel.get_queue(name)
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                out.append(await _explained(conn, name.removesuffix(".dlq"), message))
        await channel.close()  # the unacked gets go back to their queues
        return out
    finally:
        await amqp.close()


async def _explained(conn: asyncpg.Connection, consumer: str, message) -> DeadLetter:
    try:
        envelope = json.loads(message.body)
    except ValueError:
        envelope = {}
    deaths = (message.headers or {}).get("x-death") or [{}]
    reason = str(deaths[0].get("reason", "rejected")) if isinstance(deaths, list) else "rejected"
    schema = consumer.split(".", 1)[0]
    applied = envelope.get("message_id") and schema in SCHEMAS and await conn.fetchval(
        f'SELECT 1 FROM "{schema}".inbox WHERE consumer = $1 AND message_id = $2::uuid', consumer,
        str(envelope["message_id"]))
    return DeadLetter(consumer, str(envelope.get("type", "?")), reason,
                      "already applied by its consumer (a duplicate copy)" if applied else None)
