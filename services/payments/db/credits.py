"""SQL of credit_applications (migrations/0001, 0002): what each credit note did, once per credit note."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.db.rows import Row, TenantTable

CREDITS = TenantTable("credit_applications")


async def get(conn, company_id: int, credit_note_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM credit_applications WHERE company_id = $1 AND credit_note_id = $2",
                               company_id, credit_note_id)


async def lock(conn, company_id: int, credit_note_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM credit_applications WHERE company_id = $1 AND credit_note_id = $2 "
                               "FOR UPDATE", company_id, credit_note_id)


async def insert(conn, company_id: int, credit_note_id: int, source_document_id: int, *, receivable_id: int | None,
                 issue_date: date, amount: Decimal, credited: Decimal, advance_id: int | None, unapplied: Decimal,
                 cancelled: bool = False) -> Row:
    row = await CREDITS.insert_columns(conn, company_id, {
        "credit_note_id": credit_note_id, "source_document_id": source_document_id, "receivable_id": receivable_id,
        "issue_date": issue_date,
        "amount": amount, "credited_amount": credited, "advance_id": advance_id, "unapplied_amount": unapplied,
        "status": "cancelled" if cancelled else "applied"})
    if cancelled:
        await cancel(conn, row["id"])
    return row


async def cancel(conn, application_id: int) -> None:
    await conn.execute("UPDATE credit_applications SET status = 'cancelled', cancelled_at = now() WHERE id = $1",
                       application_id)
