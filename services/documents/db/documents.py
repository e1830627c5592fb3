"""Sales-document SQL (asyncpg): documents, lines, timeline. Scoped by company_id."""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

import asyncpg

from shared.db.inbox import Claim
from shared.db.outbox import Pending
from shared.db.rows import TenantTable

Row = asyncpg.Record
documents = TenantTable("documents")
PROGRESS_CHANNEL = "documents_progress"  # NOTIFY'd with the document id when it changes (process/progress.py)
# `<id> <json>`: what the bounded waits need to know of the document after a change (progress.py)
PROGRESS_STATE = ("upd.id::text || ' ' || json_build_object('process_state', upd.process_state, "
                  "'stock_expected', upd.stock_expected, 'stock_applied', upd.stock_applied_at IS NOT NULL, "
                  "'sri_submitted', upd.sri_submitted, 'sri_status', upd.sri_status, 'render_requested', "
                  "upd.render_requested, 'mail_status', upd.mail_status, "
                  "'pdf', coalesce(upd.files ->> 'pdf_path', '') <> '', "
                  "'mail_permanent', upd.mail -> 'permanent')::text")
LINE_TYPES = {"line_no": "int", "product_id": "bigint", "product_code": "text", "unit": "text",
              "tracks_stock": "boolean", "description": "text", "quantity": "numeric", "unit_price": "numeric",
              "discount_mode": "text", "discount_value": "numeric", "discount_amount": "numeric", "base": "numeric",
              "tax_rate": "numeric", "tax_code": "text", "tax_exemption": "text", "tax_amount": "numeric",
              "source_line_id": "bigint"}
LINE_COLUMNS = tuple(LINE_TYPES)


async def next_document_id(pool) -> int:
    """The id of a document about to be recorded (taken first: the stock reservation is keyed on it)."""
    return await pool.fetchval("SELECT nextval('documents_id_seq')")


async def insert_document(conn, company_id: int, document_id: int, values: dict[str, Any]) -> Row:
    return await documents.insert_columns(conn, company_id, {"id": document_id, **values})


async def write(conn, company_id: int, document_id: int, *, changes: Mapping[str, Any] | None = None,
                events: Sequence[tuple[str, Mapping[str, Any]]] = (), lines: Sequence[Mapping[str, Any]] = (),
                pending: Pending | None = None) -> Row | None:
    """In one statement: the document's column changes (returns the row after them; None without
    changes; at commit they wake the waits on it, with its new state), new lines, timeline events
    in order, and outbox messages (waking the relay at commit, unless held: as Outbox.add)."""
    params: list[Any] = [company_id, document_id]

    def bind(*values: Any) -> int:  # the parameter number of the first value
        params.extend(values)
        return len(params) - len(values) + 1

    ctes, gates = [], []
    if changes:
        first = bind(*changes.values())
        sets = "".join(f"{_column(c)} = ${i}, " for i, c in enumerate(changes, start=first))
        ctes.append(f"upd AS (UPDATE documents SET {sets}updated_at = now() WHERE company_id = $1 AND id = $2 "
                    "RETURNING *)")
        gates.append(f"(SELECT count(pg_notify('{PROGRESS_CHANNEL}', {PROGRESS_STATE})) FROM upd) >= 0")
    if lines:
        first = bind(*([r[c] for r in lines] for c in LINE_COLUMNS))
        arrays = ", ".join(f"${first + i}::{LINE_TYPES[c]}[]" for i, c in enumerate(LINE_COLUMNS))
        ctes.append(f"ln AS (INSERT INTO document_lines (company_id, document_id, {', '.join(LINE_COLUMNS)}) "
                    f"SELECT $1, $2, t.* FROM unnest({arrays}) AS t)")
    if events:
        first = bind([{"event": name, "detail": dict(detail or {})} for name, detail in events])
        ctes.append("ev AS (INSERT INTO document_events (company_id, document_id, event, detail) "
                    f"SELECT $1, $2, e->>'event', e->'detail' FROM jsonb_array_elements(${first}::jsonb) "
                    "WITH ORDINALITY AS t (e, n) ORDER BY n)")
    if pending is not None and pending.messages:
        insert, wake = pending.sql(bind(*pending.params()))
        ctes.append(f"ob AS ({insert})")
        gates += [wake] if wake else []
    if not ctes:
        return None
    where = f" WHERE {' AND '.join(gates)}" if gates else ""
    row = await conn.fetchrow(f"WITH {', '.join(ctes)} SELECT {'upd.* FROM upd' if changes else '1'}{where}", *params)
    return row if changes else None


def _column(name: str) -> str:
    if not name.isidentifier():
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


async def get_with_lines(conn, company_id: int, document_id: int) -> tuple[Row, list[Row]] | None:
    """A document and its lines (in order) in one round trip: the read path of GET /documents/{id}."""
    row = await conn.fetchrow(
        "SELECT d.*, ARRAY(SELECT l FROM document_lines l WHERE l.document_id = d.id ORDER BY l.line_no) "
        "AS lines_ FROM documents d WHERE d.company_id = $1 AND d.id = $2", company_id, document_id)
    return None if row is None else (row, row["lines_"])


async def company_and_lines(conn, company_id: int, document_id: int) -> tuple[dict[str, Any] | None, list[Row]]:
    """The company read model's row (None when not known yet) and the document's lines, in one round trip."""
    row = await conn.fetchrow(
        "SELECT c.*, ARRAY(SELECT l FROM document_lines l WHERE l.document_id = $2 ORDER BY l.line_no) AS lines_ "
        "FROM (SELECT 1) AS one LEFT JOIN companies c ON c.company_id = $1", company_id, document_id)
    company = {k: v for k, v in row.items() if k != "lines_"} if row["company_id"] is not None else None
    return company, row["lines_"]


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


async def claim_and_lock(conn, inbox: Claim, document_id: int, company_id: int | None) -> dict[str, Any] | None:
    """The message's inbox claim (shared/db/inbox.Claim, made here) and the document it is about, locked;
    None when there is no such document (the claim is made all the same)."""
    row = await conn.fetchrow(
        f"WITH {inbox.cte(3)} SELECT d.*, {inbox.claimed_count} AS claimed_ FROM documents d "
        "WHERE d.id = $1 AND ($2::bigint IS NULL OR d.company_id = $2) FOR UPDATE OF d",
        document_id, company_id, *inbox.params)
    if row is None:
        return None
    found = dict(row.items())
    inbox.made(found.pop("claimed_") > 0)
    return found


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
