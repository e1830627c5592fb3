"""Credit and debit notes: they modify an issued, numbered invoice.

The invoice row and its lines are locked while the note is priced and recorded, so
two concurrent credit notes can never credit more than is left.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from services.documents import credits, db, prepare, pricing, remote, rules
from services.documents import db_documents as ddb
from services.documents.kinds import CREDIT_NOTE, DEBIT_NOTE, Kind
from services.documents.recording import Draft, moving_lines, record
from services.documents.totals import TotalsError, iva_code
from shared.rpc.params import tenant
from shared.contracts.rpc import RpcRequest, Unprocessable
from shared.db.outbox import Outbox

ONE = Decimal("1")


async def context(req: RpcRequest, kind: Kind, body: Any, *, pool, rpc) -> tuple[dict, dict]:
    """Company settings and the note's series; early 4xx for a bad source or number."""
    company_id = tenant(req)
    async with pool.acquire() as conn:
        company = await db.get_company(conn, company_id)
        rules.check_note_source(await ddb.get(conn, company_id, body.source_document_id), kind)
    conf = prepare.company_settings(company)
    series = await remote.resolve_series(rpc, req, kind.type, body.series, conf.get("default_series"),
                                         body.number)
    await prepare.manual_number_ok(pool, company_id, kind, series, body.number)
    return conf, series


async def locked_source(conn, company_id: int, kind: Kind, source_id: int):
    source = await ddb.get(conn, company_id, source_id, for_update=True)
    rules.check_note_source(source, kind)
    return source


def header(kind: Kind, body: Any, req: RpcRequest, source: Mapping[str, Any], series: Mapping[str, Any],
           conf: Mapping[str, Any], lines: list, totals) -> dict[str, Any]:
    issue = body.issue_date or prepare.today(conf)
    if issue < source["issue_date"]:
        raise Unprocessable({"issue_date": ["La fecha de emisión no puede ser anterior a la de la factura."]})
    out = prepare.base_header(kind, body, req, series=series, issue=issue, buyer=source["customer"],
                              customer_id=source["customer_id"], totals=totals, lines=lines, settings=conf)
    out.update(source_document_id=source["id"], currency=source["currency"])
    return out


async def credit_note(req: RpcRequest, body: Any, document_id: int, conf: dict, series: dict, conn,
                      outbox: Outbox) -> None:
    """Price the credit against what is left, record it and count it on the invoice."""
    company_id = tenant(req)
    source = await locked_source(conn, company_id, CREDIT_NOTE, body.source_document_id)
    lines = credits.credit_lines(body.items, await ddb.lines_of(conn, source["id"], for_update=True))
    totals = pricing.totals_of(lines)
    credits.check_credit_total(source, totals.total)
    rows = pricing.line_rows(lines, totals)
    cols = header(CREDIT_NOTE, body, req, source, series, conf, lines, totals)
    issued = cols["status"] == "issued"
    cols.update(reason=body.reason, return_stock=body.return_stock,
                warehouse_id=body.warehouse_id or source["warehouse_id"],
                stock_expected=issued and bool(moving_lines(CREDIT_NOTE, body.return_stock, rows)))
    await record(conn, outbox, company_id, document_id, Draft(CREDIT_NOTE, cols, rows))
    await ddb.add_credited(conn, credits.credited_by_line(rows))
    await ddb.add_credited_total(conn, company_id, source["id"], totals.total)
    await ddb.add_event(conn, company_id, source["id"], "credited",
                        {"document_id": document_id, "total": str(totals.total)})


def debit_lines(body: Any) -> list[pricing.LineDraft]:
    try:
        iva_code(body.tax_rate)
    except TotalsError as exc:
        raise Unprocessable({"tax_rate": [str(exc)]}) from None
    return [pricing.LineDraft(description=r.reason, quantity=ONE, unit_price=r.amount, tax_rate=body.tax_rate)
            for r in body.reasons]


async def debit_note(req: RpcRequest, body: Any, document_id: int, conf: dict, series: dict, conn,
                     outbox: Outbox) -> None:
    company_id = tenant(req)
    source = await locked_source(conn, company_id, DEBIT_NOTE, body.source_document_id)
    lines = debit_lines(body)
    totals = pricing.totals_of(lines, field="reasons")
    cols = header(DEBIT_NOTE, body, req, source, series, conf, lines, totals)
    cols["due_date"] = rules.due_date_of(cols["issue_date"], body.due_date, body.due_days)
    await record(conn, outbox, company_id, document_id, Draft(DEBIT_NOTE, cols, pricing.line_rows(lines, totals)))
    await ddb.add_event(conn, company_id, source["id"], "debited",
                        {"document_id": document_id, "total": str(totals.total)})
