"""Turning a validated body into a Draft (defined and built only here): customer, source,
series, products, totals, and the columns the issuance process starts from.

`sales_draft` reads this service's tables and asks sequencing (series) and inventory
(products, warehouse) before anything is written; `note_draft` prices nothing itself: the
note's lines come priced against its locked invoice (notes.py). Every problem is a 4xx.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.documents.db import companies, customers
from services.documents.db import documents as db
from services.documents.domain import pricing, rules, sri_checks
from services.documents.domain.kinds import Kind
from services.documents.domain.recorded import moving_lines
from services.documents.domain.totals import Totals
from services.documents.process import issuance, remote
from services.documents.process.commands import CreateDocument, created_by
from shared.contracts.rpc import Conflict, Unprocessable
from shared.sri.timezone import today_ec

DEFAULT_TZ = "America/Guayaquil"


@dataclass
class Draft:
    """A validated document about to be recorded: its columns and its lines."""

    kind: Kind
    header: dict[str, Any]
    lines: list[dict[str, Any]]
    convert_id: int | None = None  # sales order / quotation this document converts

    @property
    def issued(self) -> bool:
        return self.header["status"] == "issued"

    def reservation(self) -> list[dict[str, Any]]:
        """Lines to reserve before recording: an issued invoice's stock lines."""
        return pricing.stock_lines(self.lines) if self.kind.stock and self.issued else []


def draft(kind: Kind, header: dict[str, Any], rows: list[dict[str, Any]], convert_id: int | None = None) -> Draft:
    """The Draft, with `stock_expected`: an issued document whose lines move stock waits for inventory."""
    moves = moving_lines(kind, bool(header.get("return_stock")), rows)
    return Draft(kind, {**header, "stock_expected": header["status"] == "issued" and bool(moves)}, rows, convert_id)


def number_label(series: str, number: int) -> str:
    return f"{series}-{number:09d}"


def company_settings(company: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict((company or {}).get("settings") or {})


def today(settings: Mapping[str, Any]) -> date:
    """Today in the company's time zone, never after today in Ecuador (the SRI's day)."""
    try:
        zone = ZoneInfo(settings.get("timezone") or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(DEFAULT_TZ)
    return min(datetime.now(zone).date(), today_ec())


def base_header(cmd: CreateDocument, *, series: Mapping[str, Any], issue: date, buyer: Mapping[str, Any],
                customer_id: int | None, totals: Totals, lines: list, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The columns every kind of document sets."""
    body, kind = cmd.body, cmd.kind
    return {"type": kind.type, "status": body.submit_mode, "submit_mode": body.submit_mode,
            **issuance.opening(kind.sri, body.submit_mode == "issued", settings, buyer),
            "series": series["series"], "manual_number": body.number, "establishment": dict(series),
            "issue_date": issue, "customer_id": customer_id, "customer": dict(buyer), "reference": body.reference,
            "notes": body.notes, "subtotal": totals.subtotal, "discount": totals.discount, "tax": totals.tax,
            "tip": totals.tip, "total": totals.total, "tax_totals": pricing.tax_totals(totals, lines),
            "created_by": created_by(cmd.caller)}


async def manual_number_ok(pool, company_id: int, kind: Kind, series: Mapping[str, Any], number: int | None) -> None:
    """A manual number needs a series that allows it, and must not be used yet (409)."""
    if number is None:
        return
    if not series.get("manual_numbering"):
        raise Unprocessable({"number": [f"La serie {series['series']} no permite numeración manual."]})
    async with pool.acquire() as conn:
        taken = await db.number_taken(conn, company_id, kind.type, series["series"], number)
    if taken:
        raise Conflict(f"El número {number_label(series['series'], number)} ya fue utilizado en la serie.")


async def _customer(conn, company_id: int, customer_id: int | None):
    if customer_id is None:
        return None
    row = await customers.get(conn, company_id, customer_id)
    if row is None or not row["active"]:
        raise Unprocessable({"customer_id": ["El cliente seleccionado no existe."]})
    return row


async def _read(pool, company_id: int, kind: Kind, body: Any):
    async with pool.acquire() as conn:
        company = await companies.get(conn, company_id)
        customer = await _customer(conn, company_id, body.customer_id)
        if body.source_document_id is not None:
            rules.check_conversion(await db.get(conn, company_id, body.source_document_id), kind.type)
    return company, customer


async def sales_draft(cmd: CreateDocument, *, pool, rpc, settings) -> Draft:
    """Invoice, sales order or quotation, validated and priced."""
    body, kind, caller = cmd.body, cmd.kind, cmd.caller
    company, customer = await _read(pool, cmd.company_id, kind, body)
    sri_checks.check_head_office(kind, body.submit_mode == "issued", company)
    conf = company_settings(company)
    series, products = await asyncio.gather(
        remote.resolve_series(rpc, caller, kind.type, body.series, conf.get("default_series"), body.number),
        remote.resolve_products(rpc, caller, [i.product_id for i in body.items if i.product_id]))
    await manual_number_ok(pool, cmd.company_id, kind, series, body.number)
    lines = pricing.draft_lines(body.items, products)
    totals = pricing.totals_of(lines)
    buyer = rules.customer_snapshot(customer)
    rules.check_buyer(kind, buyer, totals.total, limit=settings.final_consumer_limit)
    issue = body.issue_date or today(conf)
    pricing.check_rates([line.tax_rate for line in lines], issue, conf)
    header = base_header(cmd, series=series, issue=issue, buyer=buyer, customer_id=body.customer_id,
                         totals=totals, lines=lines, settings=conf)
    made = draft(kind, {**header, **_sales_columns(body, issue, totals)}, pricing.line_rows(lines, totals),
                 convert_id=body.source_document_id)
    if body.warehouse_id is not None and not made.reservation():
        await remote.check_warehouse(rpc, caller, body.warehouse_id)
    return made


def _sales_columns(body: Any, issue: date, totals: Totals) -> dict[str, Any]:
    return {"due_date": rules.due_date_of(issue, body.due_date, body.due_days), "warehouse_id": body.warehouse_id,
            "source_document_id": body.source_document_id, "seller_name": body.seller_name,
            "order_reference": body.order_reference, "currency": body.currency, "delivered": body.delivered,
            "initial_payment": rules.initial_payment(body, totals.total, issue)}


def note_draft(cmd: CreateDocument, source: Mapping[str, Any], series: Mapping[str, Any], conf: Mapping[str, Any],
               lines: list[pricing.LineDraft], totals: Totals, due: tuple | None = None, **columns: Any) -> Draft:
    """A credit or debit note on its (locked) invoice: the invoice's buyer and currency; a debit
    note is due like an invoice (`due` = (due_date, due_days))."""
    issue = cmd.body.issue_date or today(conf)
    if issue < source["issue_date"]:
        raise Unprocessable({"issue_date": ["La fecha de emisión no puede ser anterior a la de la factura."]})
    header = base_header(cmd, series=series, issue=issue, buyer=source["customer"],
                         customer_id=source["customer_id"], totals=totals, lines=lines, settings=conf)
    header.update(source_document_id=source["id"], currency=source["currency"], **columns)
    if due is not None:
        header["due_date"] = rules.due_date_of(issue, *due)
    return draft(cmd.kind, header, pricing.line_rows(lines, totals))

