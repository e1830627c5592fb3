"""Sales-document SQL (asyncpg): documents, lines, timeline. Scoped by company_id."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Sequence

import asyncpg

from shared.db.rows import TenantTable

Row = asyncpg.Record
documents = TenantTable("documents")
PROGRESS_CHANNEL = "documents_progress"  # NOTIFY'd with the document id when its timeline grows
LINE_COLUMNS = ("line_no", "product_id", "product_code", "unit", "tracks_stock", "description", "quantity",
                "unit_price", "discount_mode", "discount_value", "discount_amount", "base", "tax_rate", "tax_code",
                "tax_exemption", "tax_amount", "source_line_id")


async def next_document_id(pool) -> int:
    """The id of a document about to be recorded (taken first: the stock reservation is keyed on it)."""
    return await pool.fetchval("SELECT nextval('documents_id_seq')")


async def insert_document(conn, company_id: int, document_id: int, values: dict[str, Any]) -> Row:
    return await documents.insert_columns(conn, company_id, {"id": document_id, **values})


async def insert_lines(conn, company_id: int, document_id: int, rows: Sequence[dict[str, Any]]) -> None:
    columns = ", ".join(LINE_COLUMNS)
    params = ", ".join(f"${i}" for i in range(3, len(LINE_COLUMNS) + 3))
    await conn.executemany(
        f"INSERT INTO document_lines (company_id, document_id, {columns}) VALUES ($1, $2, {params})",
        [(company_id, document_id, *(r[c] for c in LINE_COLUMNS)) for r in rows])


async def lines_of(conn, document_id: int, *, for_update: bool = False) -> list[Row]:
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetch(f"SELECT * FROM document_lines WHERE document_id = $1 ORDER BY line_no{lock}",
                            document_id)


async def add_event(conn, company_id: int, document_id: int, event: str, detail: dict | None = None) -> None:
    """Append to the timeline and, at commit, wake the calls waiting on the document (process/progress.py)."""
    await conn.execute(
        "WITH added AS (INSERT INTO document_events (company_id, document_id, event, detail) VALUES ($1, $2, $3, $4) "
        "RETURNING document_id) SELECT pg_notify($5, document_id::text) FROM added",
        company_id, document_id, event, detail or {}, PROGRESS_CHANNEL)


async def events_of(conn, company_id: int, document_id: int) -> list[Row]:
    return await conn.fetch("SELECT * FROM document_events WHERE company_id = $1 AND document_id = $2 ORDER BY id",
                            company_id, document_id)


async def event_of(conn, company_id: int, event_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM document_events WHERE company_id = $1 AND id = $2", company_id, event_id)


async def mail_request_event(conn, document_id: int, request_id: str) -> int | None:
    """The id of the document's `mail_requested` event of that mail request."""
    return await conn.fetchval("SELECT id FROM document_events WHERE document_id = $1 AND event = 'mail_requested' "
                               "AND detail->>'request_id' = $2", document_id, request_id)


async def receivable_versions_seen(conn, document_id: int) -> list[int]:
    """The payments receivable versions already on the document's timeline (process/receivable.py)."""
    return [r[0] for r in await conn.fetch(
        "SELECT DISTINCT (detail->>'receivable_version')::int FROM document_events "
        "WHERE document_id = $1 AND detail ? 'receivable_version'", document_id)]


async def get(conn, company_id: int, document_id: int, *, for_update: bool = False) -> Row | None:
    return await documents.get(conn, company_id, document_id, for_update=for_update)


async def get_any(conn, document_id: int, company_id: int | None, *, for_update: bool = True) -> Row | None:
    """A document a message is about (the envelope's company, when it carries one)."""
    lock = " FOR UPDATE" if for_update else ""
    return await conn.fetchrow(
        f"SELECT * FROM documents WHERE id = $1 AND ($2::bigint IS NULL OR company_id = $2){lock}",
        document_id, company_id)


async def update(conn, company_id: int, document_id: int, values: dict[str, Any]) -> Row | None:
    return await documents.update_columns(conn, company_id, document_id, values)


async def number_taken(conn, company_id: int, doc_type: str, series: str, number: int) -> bool:
    """A number already given (or asked for manually) in this series and type."""
    return bool(await conn.fetchval(
        "SELECT 1 FROM documents WHERE company_id = $1 AND type = $2 AND series = $3 "
        "AND (number = $4 OR manual_number = $4) LIMIT 1", company_id, doc_type, series, number))


async def add_credited(conn, changes: Iterable[tuple[int, Decimal, Decimal]]) -> None:
    """Invoice lines: add (or give back) the quantity and base a credit note credits."""
    await conn.executemany(
        "UPDATE document_lines SET credited_quantity = credited_quantity + $2, credited_base = credited_base + $3 "
        "WHERE id = $1", list(changes))


async def add_credited_total(conn, company_id: int, invoice_id: int, delta: Decimal) -> None:
    await conn.execute("UPDATE documents SET credited_total = credited_total + $3, updated_at = now() "
                       "WHERE company_id = $1 AND id = $2", company_id, invoice_id, delta)
