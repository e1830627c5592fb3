"""Turning a validated body into a Draft: customer, source, series, products, totals.

Reads this service's tables and asks sequencing (series) and inventory (products,
warehouse) before anything is written; every problem is the caller's 4xx.
"""
from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.documents import db, pricing, remote, rules
from services.documents import db_documents as ddb
from services.documents.kinds import Kind
from services.documents.recording import Draft, number_label
from services.documents.totals import Totals
from shared.rpc.params import tenant
from shared.contracts.rpc import Conflict, RpcRequest, Unprocessable

DEFAULT_TZ = "America/Guayaquil"


def company_settings(company: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict((company or {}).get("settings") or {})


def today(settings: Mapping[str, Any]) -> date:
    try:
        zone = ZoneInfo(settings.get("timezone") or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TZ)
    return datetime.now(zone).date()


def creator(req: RpcRequest) -> dict[str, Any]:
    who = req.identity
    return {"user_id": who.user_id, "api_key_id": who.api_key_id} if who else {}


def base_header(kind: Kind, body: Any, req: RpcRequest, *, series: Mapping[str, Any], issue: date,
                buyer: Mapping[str, Any], customer_id: int | None, totals: Totals, lines: list,
                settings: Mapping[str, Any]) -> dict[str, Any]:
    """The columns every kind of document sets."""
    issued = body.submit_mode == "issued"
    mailed = kind.sri and settings.get("auto_email") is not False
    return {"type": kind.type, "status": body.submit_mode, "process_state": "numbering" if issued else "draft",
            "submit_mode": body.submit_mode, "series": series["series"], "manual_number": body.number,
            "establishment": dict(series), "issue_date": issue, "customer_id": customer_id, "customer": dict(buyer),
            "reference": body.reference, "notes": body.notes, "subtotal": totals.subtotal,
            "discount": totals.discount, "tax": totals.tax, "tip": totals.tip, "total": totals.total,
            "tax_totals": pricing.tax_totals(totals, lines), "mail_status": "pending" if mailed else "skipped",
            "created_by": creator(req)}


async def manual_number_ok(pool, company_id: int, kind: Kind, series: Mapping[str, Any], number: int | None) -> None:
    """A manual number needs a series that allows it, and must not be used yet (409)."""
    if number is None:
        return
    if not series.get("manual_numbering"):
        raise Unprocessable({"number": [f"La serie {series['series']} no permite numeración manual."]})
    async with pool.acquire() as conn:
        taken = await ddb.number_taken(conn, company_id, kind.type, series["series"], number)
    if taken:
        raise Conflict(f"El número {number_label(series['series'], number)} ya fue utilizado en la serie.")


async def _customer(conn, company_id: int, customer_id: int | None):
    if customer_id is None:
        return None
    row = await db.customers.get(conn, company_id, customer_id)
    if row is None or not row["active"]:
        raise Unprocessable({"customer_id": ["El cliente seleccionado no existe."]})
    return row


async def _read(pool, company_id: int, kind: Kind, body: Any):
    async with pool.acquire() as conn:
        company = await db.get_company(conn, company_id)
        customer = await _customer(conn, company_id, body.customer_id)
        if body.source_document_id is not None:
            rules.check_conversion(await ddb.get(conn, company_id, body.source_document_id), kind.type)
    return company, customer


async def sales_draft(req: RpcRequest, kind: Kind, body: Any, *, pool, rpc, settings) -> Draft:
    """Invoice, sales order or quotation, validated and priced."""
    company_id = tenant(req)
    company, customer = await _read(pool, company_id, kind, body)
    conf = company_settings(company)
    series, products = await asyncio.gather(
        remote.resolve_series(rpc, req, kind.type, body.series, conf.get("default_series"), body.number),
        remote.resolve_products(rpc, req, [i.product_id for i in body.items if i.product_id]))
    await manual_number_ok(pool, company_id, kind, series, body.number)
    lines = pricing.draft_lines(body.items, products)
    totals = pricing.totals_of(lines)
    buyer = rules.customer_snapshot(customer)
    rules.check_buyer(kind, buyer, totals.total, limit=settings.final_consumer_limit)
    issue = body.issue_date or today(conf)
    header = base_header(kind, body, req, series=series, issue=issue, buyer=buyer, customer_id=body.customer_id,
                         totals=totals, lines=lines, settings=conf)
    header.update(_sales_columns(body, issue, totals))
    draft = Draft(kind, header, pricing.line_rows(lines, totals), convert_id=body.source_document_id)
    header["stock_expected"] = bool(draft.reservation())
    if body.warehouse_id is not None and not draft.reservation():
        await remote.check_warehouse(rpc, req, body.warehouse_id)
    return draft


def _sales_columns(body: Any, issue: date, totals: Totals) -> dict[str, Any]:
    return {"due_date": rules.due_date_of(issue, body.due_date, body.due_days), "warehouse_id": body.warehouse_id,
            "source_document_id": body.source_document_id, "seller_name": body.seller_name,
            "order_reference": body.order_reference, "currency": body.currency, "delivered": body.delivered,
            "initial_payment": rules.initial_payment(body, totals.total, issue)}
