"""Recording a sales document in ONE transaction: row, lines, timeline and outbox.

An issued document leaves two messages in the outbox, sent only after the commit:
its `documents.*_recorded` event (inventory confirms the reservation; payments opens
the receivable) and the `sequencing.allocate_number` command.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import asyncpg

from services.documents import db_documents as db
from services.documents import pricing, rules
from services.documents.kinds import KINDS, Kind
from shared.contracts.documents import StockLine
from shared.contracts.rpc import Conflict
from shared.contracts.sequencing import AllocateNumber
from shared.db.outbox import Outbox


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


def correlation(document_id: int) -> str:
    return f"document-{document_id}"


def number_label(series: str, number: int) -> str:
    return f"{series}-{number:09d}"


async def record(conn, outbox: Outbox, company_id: int, document_id: int, draft: Draft) -> asyncpg.Record:
    source = await _lock_source(conn, company_id, draft)
    try:
        row = await db.insert_document(conn, company_id, document_id, draft.header)
    except asyncpg.UniqueViolationError:
        label = number_label(draft.header["series"], draft.header["manual_number"] or 0)
        raise Conflict(f"El número {label} ya fue utilizado en la serie.") from None
    await db.insert_lines(conn, company_id, document_id, draft.lines)
    await db.add_event(conn, company_id, document_id, "created",
                       {"type": row["type"], "status": row["status"], "total": str(row["total"])})
    if source is not None:
        await db.update(conn, company_id, source["id"], {"converted_to_id": document_id})
        await db.add_event(conn, company_id, source["id"], "converted", {"document_id": document_id})
    if draft.issued:
        await publish_issued(outbox, row, draft.lines)
    return row


async def _lock_source(conn, company_id: int, draft: Draft) -> asyncpg.Record | None:
    if draft.convert_id is None:
        return None
    source = await db.get(conn, company_id, draft.convert_id, for_update=True)
    rules.check_conversion(source, draft.kind.type)
    return source


async def publish_issued(outbox: Outbox, row: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> None:
    """The recorded event of the document's kind, then the numbering command."""
    company_id, kind = row["company_id"], KINDS[row["type"]]
    key = correlation(row["id"])
    if kind.recorded is not None:
        await outbox.add(recorded_event(kind, row, lines), company_id=company_id, correlation_id=key)
    await outbox.add(AllocateNumber(document_id=row["id"], document_type=row["type"], series=row["series"],
                                    manual_number=row["manual_number"]), company_id=company_id, correlation_id=key)


def moving_lines(kind: Kind, return_stock: bool, lines: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stock lines an issued document moves: an invoice's, a credit note's when it returns stock."""
    moves = kind.stock or (kind.type == "credit_note" and return_stock)
    return pricing.stock_lines(lines) if moves else []


def recorded_event(kind: Kind, row: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]):
    customer = row["customer"]
    fields: dict[str, Any] = {
        "document_id": row["id"], "document_type": row["type"], "issue_date": row["issue_date"],
        "due_date": row["due_date"], "customer_id": row["customer_id"], "customer_name": customer["name"],
        "series": row["series"], "warehouse_id": row["warehouse_id"], "total": row["total"],
        "currency": row["currency"],
        "stock_lines": [StockLine(**ln) for ln in moving_lines(kind, row["return_stock"], lines)]}
    if kind.type == "invoice":
        fields["initial_payment"] = row["initial_payment"]
    else:
        fields["source_document_id"] = row["source_document_id"]
    if kind.type == "credit_note":
        fields["return_stock"] = row["return_stock"]
    return kind.recorded(**fields)
