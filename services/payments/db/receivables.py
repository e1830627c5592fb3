"""SQL of the receivables table (migrations/0001, 0002): lock, record, placeholders, figures, close.

Every change of a receivable runs on its row locked FOR UPDATE (or inserted by this
transaction); an upsert on (company_id, document_id) queues behind a concurrent one, so a
recorded event, a number and a cancel arriving together never lose each other.
"""
from __future__ import annotations

from typing import Any, Mapping

from services.payments.domain.receivables import Figures
from shared.db.rows import Row, TenantTable

RECEIVABLES = TenantTable("receivables")
COLLECTABLE_TYPES = frozenset({"invoice", "sales_order", "debit_note"})
_FACTS = ("document_type", "source_document_id", "series", "customer_id", "customer_name", "customer_identification",
          "issue_date", "due_date", "currency", "total")  # total last: it is also the opening balance


async def lock(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM receivables WHERE company_id = $1 AND document_id = $2 FOR UPDATE",
                               company_id, document_id)


async def get(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM receivables WHERE company_id = $1 AND document_id = $2",
                               company_id, document_id)


async def record(conn, company_id: int, document_id: int, facts: Mapping[str, Any]) -> Row | None:
    """The receivable of a recorded document: inserted, or its placeholder filled in (keeping the
    placeholder's number and closed state). None when it was recorded before (a duplicate event)."""
    values = [facts[c] for c in _FACTS]
    return await conn.fetchrow(
        f"INSERT INTO receivables (company_id, document_id, recorded, {', '.join(_FACTS)}, balance) "
        f"VALUES ($1, $2, true, {', '.join(f'${i}' for i in range(3, 3 + len(_FACTS)))}, ${2 + len(_FACTS)}) "
        "ON CONFLICT (company_id, document_id) DO UPDATE SET recorded = true, "
        + ", ".join(f"{c} = EXCLUDED.{c}" for c in _FACTS if c != "series")
        + ", series = COALESCE(receivables.series, EXCLUDED.series), balance = EXCLUDED.total, updated_at = now() "
        "WHERE NOT receivables.recorded RETURNING *",
        company_id, document_id, *values)


async def placeholder(conn, company_id: int, document_id: int) -> Row:
    """The document's row, locked; a placeholder (recorded = false) when payments does not know it yet."""
    await conn.execute("INSERT INTO receivables (company_id, document_id, recorded) VALUES ($1, $2, false) "
                       "ON CONFLICT (company_id, document_id) DO NOTHING", company_id, document_id)
    return await lock(conn, company_id, document_id)


async def set_number(conn, company_id: int, document_id: int, series: str, number: int, display: str) -> None:
    """The allocated number, on the receivable or on a placeholder waiting for the recorded event."""
    await conn.execute(
        "INSERT INTO receivables (company_id, document_id, recorded, series, number, display_number) "
        "VALUES ($1, $2, false, $3, $4, $5) ON CONFLICT (company_id, document_id) DO UPDATE SET "
        "series = EXCLUDED.series, number = EXCLUDED.number, display_number = EXCLUDED.display_number, "
        "updated_at = now()", company_id, document_id, series, number, display)


async def save_figures(conn, row: Row, f: Figures) -> Row:
    """New figures of a locked receivable, its version + 1."""
    return await RECEIVABLES.update_columns(conn, row["company_id"], row["id"], {
        "total": f.total, "paid_amount": f.paid_amount, "credited_amount": f.credited_amount,
        "balance": f.balance, "payment_status": f.payment_status, "version": row["version"] + 1})


async def close(conn, row: Row, reason: str, moved_to: int | None = None, figures: Figures | None = None) -> Row:
    """Close a locked receivable (cancelled, or moved to its invoice) with its figures then (default:
    unchanged); a recorded one's version + 1."""
    f = figures or Figures(row["total"], row["paid_amount"], row["credited_amount"], row["balance"],
                           row["payment_status"])
    return await conn.fetchrow(
        "UPDATE receivables SET status = 'closed', closed_reason = $2, closed_at = now(), moved_to_document_id = $3, "
        "paid_amount = $4, balance = $5, payment_status = $6, version = $7, updated_at = now() "
        "WHERE id = $1 RETURNING *",
        row["id"], reason, moved_to, f.paid_amount, f.balance, f.payment_status,
        row["version"] + (1 if row["recorded"] else 0))


async def has_applied_payments(conn, receivable_id: int) -> bool:
    return await conn.fetchval("SELECT EXISTS (SELECT 1 FROM payments WHERE receivable_id = $1 AND status = 'applied')",
                               receivable_id)
