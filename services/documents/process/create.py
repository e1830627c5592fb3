"""Creating and issuing documents on request (ARCHITECTURE "Issuing an invoice", steps 2-4
and 9): prepare (validate and price), reserve stock, record in one transaction, then wait
a bounded time for the issuance process (numbering, stock, SRI) and answer with its state.

Each step is an explicit call; the use cases take only `pool` (they commit, then wait).
Each records once per request (once.py): a retry answers with the document of the first.
"""
from __future__ import annotations

from services.documents.db import companies
from services.documents.db import documents as db
from services.documents.domain import pricing, rules, sri_checks
from services.documents.domain.kinds import KINDS
from services.documents.domain.pricing import stock_lines
from services.documents.process import issuance, notes, once, prepare, record, remote, wait
from services.documents.process.commands import CreateDocument, IssueDraft
from services.documents.views import documents as views
from shared.contracts.rpc import RpcReply
from shared.db.rows import Row
from shared.rpc.replies import found, with_message
from shared.sri.timezone import today_ec

ISSUED = "Documento emitido correctamente."


async def answer(company_id: int, document_id: int, deadline: float, message: str, *, pool, settings,
                 status: int = 201, recorded: Row | None = None) -> RpcReply:
    """Wait (bounded) for the issuance process, then answer with the state it reached (`recorded`: the
    row this call committed, the answer when the wait is already over)."""
    row = await wait.wait_for(pool, company_id, document_id, deadline, settings.wait_until, recorded=recorded)
    return RpcReply(status=status, body=with_message(message, views.created(row)))


async def sales_document(cmd: CreateDocument, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/invoices, /sales-orders, /quotations."""
    recorded: dict[int, Row] = {}
    document_id = await once.recorded_once(pool, cmd.request, lambda: _sales_document(
        cmd, pool=pool, rpc=rpc, settings=settings, relay=relay, recorded=recorded))
    return await answer(cmd.company_id, document_id, cmd.deadline, cmd.kind.created, pool=pool, settings=settings,
                        recorded=recorded.get(document_id))


def _check_date(cmd: CreateDocument, settings) -> None:
    """The SRI's issue-date window, checked only for a new document: a retry of a request that
    recorded one yesterday still answers with it."""
    sri_checks.check_issue_date(cmd.kind, cmd.body.issue_date, today_ec(), settings.issue_date_window_days)


async def _sales_document(cmd: CreateDocument, *, pool, rpc, settings, relay, recorded: dict[int, Row]) -> int:
    _check_date(cmd, settings)
    draft = await prepare.sales_draft(cmd, pool=pool, rpc=rpc, settings=settings)
    document_id = await db.next_document_id(pool)
    async with remote.reservation(rpc, cmd.caller, document_id, cmd.body.warehouse_id, draft.reservation(),
                                  settings.reservation_ttl_seconds), \
            record.transaction(pool, document_id, cmd.request) as (conn, outbox):
        row = await record.record(conn, outbox, cmd.company_id, document_id, draft)
    recorded[document_id] = row  # committed
    await record.publish(pool, relay, outbox)
    return document_id


async def credit_note(cmd: CreateDocument, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/credit-notes: credits lines of an invoice, optionally returning stock."""
    async def check_warehouse() -> None:  # checked even without return_stock: never another company's id
        if cmd.body.warehouse_id is not None:
            await remote.check_warehouse(rpc, cmd.caller, cmd.body.warehouse_id)
    return await _note(cmd, notes.credit_note, check_warehouse, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def debit_note(cmd: CreateDocument, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/debit-notes: reasons with amounts, charged on an invoice."""
    return await _note(cmd, notes.debit_note, None, pool=pool, rpc=rpc, settings=settings, relay=relay)


async def _note(cmd: CreateDocument, write, check, *, pool, rpc, settings, relay) -> RpcReply:
    """A credit or debit note recorded once per request (`write` records it), then the bounded wait."""
    async def record_note() -> int:
        _check_date(cmd, settings)
        conf, series = await notes.context(cmd, pool=pool, rpc=rpc)
        if check is not None:
            await check()
        document_id = await db.next_document_id(pool)
        async with record.transaction(pool, document_id, cmd.request) as (conn, outbox):
            await write(conn, outbox, cmd, document_id, conf, series)
        await record.publish(pool, relay, outbox)
        return document_id

    document_id = await once.recorded_once(pool, cmd.request, record_note)
    return await answer(cmd.company_id, document_id, cmd.deadline, cmd.kind.created, pool=pool, settings=settings)


async def issue_draft(cmd: IssueDraft, *, pool, rpc, settings, relay) -> RpcReply:
    """POST /documents/{id}/issue: a draft becomes issued and runs the same process."""
    document_id = await once.recorded_once(pool, cmd.request,
                                           lambda: _issue(cmd, pool=pool, rpc=rpc, settings=settings, relay=relay))
    return await answer(cmd.company_id, document_id, cmd.deadline, ISSUED, pool=pool, settings=settings, status=200)


async def _issue(cmd: IssueDraft, *, pool, rpc, settings, relay) -> int:
    """The draft stays locked from its check to the commit: a concurrent issue of it waits, then gets
    the 409 (or, the same request, the document), and never releases the reservation this one made."""
    async with record.transaction(pool, cmd.document_id, cmd.request) as (conn, outbox):
        doc = found(await db.get(conn, cmd.company_id, cmd.document_id, for_update=True))
        rules.check_draft(doc)
        company = await companies.get(conn, cmd.company_id)
        sri_checks.check_head_office(KINDS[doc["type"]], True, company)
        lines = await db.lines_of(conn, cmd.document_id)
        conf = prepare.company_settings(company)
        pricing.check_draft_rates(doc, lines, prepare.today(conf), conf)  # the day it is issued
        stock = stock_lines(lines) if KINDS[doc["type"]].stock else []
        async with remote.reservation(rpc, cmd.caller, cmd.document_id, doc["warehouse_id"], stock,
                                      settings.reservation_ttl_seconds):
            today = prepare.today(prepare.company_settings(company))
            issued = issuance.on_issued(doc, lines, today, await record.source_type(conn, doc))
            await record.save(conn, outbox, doc, issued)
    await record.publish(pool, relay, outbox)
    return cmd.document_id
