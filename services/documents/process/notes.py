"""Credit and debit notes: they modify an issued, numbered invoice.

The invoice row and its lines are locked while the note is priced and recorded, so
two concurrent credit notes can never credit more than is left.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.documents.db import companies
from services.documents.db import documents as db
from services.documents.domain import credits, pricing, rules, sri_checks
from services.documents.domain.kinds import Kind
from services.documents.process import prepare, remote
from services.documents.process.commands import CreateDocument
from services.documents.process.record import record
from shared.contracts.rpc import Unprocessable
from shared.db.outbox import Outbox
from shared.sri.iva import general_rate, rate_error

ONE = Decimal("1")


async def context(cmd: CreateDocument, *, pool, rpc) -> tuple[dict, dict]:
    """Company settings and the note's series; early 4xx for a bad source or number."""
    body, kind = cmd.body, cmd.kind
    async with pool.acquire() as conn:
        company = await companies.get(conn, cmd.company_id)
        rules.check_note_source(await db.get(conn, cmd.company_id, body.source_document_id), kind)
    sri_checks.check_head_office(kind, body.submit_mode == "issued", company)
    conf = prepare.company_settings(company)
    series = await remote.resolve_series(rpc, cmd.caller, kind.type, body.series, conf.get("default_series"),
                                         body.number)
    await prepare.manual_number_ok(pool, cmd.company_id, kind, series, body.number)
    return conf, series


async def locked_source(conn, company_id: int, kind: Kind, source_id: int):
    source = await db.get(conn, company_id, source_id, for_update=True)
    rules.check_note_source(source, kind)
    return source


async def credit_note(conn, outbox: Outbox, cmd: CreateDocument, document_id: int, conf: dict, series: dict) -> None:
    """Price the credit against what is left, record it and count it on the invoice."""
    body, company_id = cmd.body, cmd.company_id
    source = await locked_source(conn, company_id, cmd.kind, body.source_document_id)
    lines = credits.credit_lines(body.items, await db.lines_of(conn, source["id"], for_update=True))
    totals = pricing.totals_of(lines)
    credits.check_credit_total(source, totals.total)
    note = prepare.note_draft(cmd, source, series, conf, lines, totals, reason=body.reason,
                              return_stock=body.return_stock, warehouse_id=body.warehouse_id or source["warehouse_id"])
    await record(conn, outbox, company_id, document_id, note)
    await db.add_credited(conn, credits.credited_by_line(note.lines))
    await db.add_credited_total(conn, company_id, source["id"], totals.total)
    await db.add_event(conn, company_id, source["id"], "credited",
                       {"document_id": document_id, "total": str(totals.total)})


def debit_lines(body: Any, source: Any, conf: dict) -> list[pricing.LineDraft]:
    """One line per reason, at `tax_rate` (default: the general rate on the invoice's date); the rate
    must be in force on the invoice's (sustento) date, as a credit note keeps the invoice's rates."""
    rate = body.tax_rate if body.tax_rate is not None else general_rate(source["issue_date"])
    reason = rate_error(rate, source["issue_date"], conf.get("enabled_iva_rates"))
    if reason is not None:
        raise Unprocessable({"tax_rate": [reason]})
    return [pricing.LineDraft(description=r.reason, quantity=ONE, unit_price=r.amount, tax_rate=rate)
            for r in body.reasons]


async def debit_note(conn, outbox: Outbox, cmd: CreateDocument, document_id: int, conf: dict, series: dict) -> None:
    """Reasons with amounts, charged on the invoice (due like an invoice)."""
    body, company_id = cmd.body, cmd.company_id
    source = await locked_source(conn, company_id, cmd.kind, body.source_document_id)
    lines = debit_lines(body, source, conf)
    totals = pricing.totals_of(lines, field="reasons")
    note = prepare.note_draft(cmd, source, series, conf, lines, totals, due=(body.due_date, body.due_days))
    await record(conn, outbox, company_id, document_id, note)
    await db.add_event(conn, company_id, source["id"], "debited",
                       {"document_id": document_id, "total": str(totals.total)})
