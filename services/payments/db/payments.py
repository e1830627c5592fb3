"""SQL of the payments table (migrations/0001): insert, read, lock, reverse, move."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.payments.domain.allocation import Allocation
from shared.db.rows import Row, TenantTable

PAYMENTS = TenantTable("payments")


async def insert(conn, receivable: Row, a: Allocation, *, payment_date, method: str | None, reference: str | None,
                 notes: str | None, initial: bool, created_by: str | None) -> Row:
    return await PAYMENTS.insert_columns(conn, receivable["company_id"], {
        "receivable_id": receivable["id"], "document_id": receivable["document_id"],
        "origin_document_id": receivable["document_id"], "customer_id": receivable["customer_id"],
        "payment_date": payment_date, "amount": a.amount, "applied_advance_amount": a.applied_advance_amount,
        "applied_amount": a.applied_amount, "excess_amount": a.excess_amount, "overpayment_mode": a.overpayment_mode,
        "tip_amount": a.tip_amount, "created_advance_amount": a.created_advance_amount,
        "balance_after": a.balance_pending, "method": method, "reference": reference, "notes": notes,
        "initial": initial, "created_by": created_by})


async def get(conn, company_id: int, payment_id: int, *, for_update: bool = False) -> Row | None:
    return await PAYMENTS.get(conn, company_id, payment_id, for_update=for_update)


async def applied_on(conn, receivable_id: int) -> list[Row]:
    """A receivable's applied payments, oldest first, locked."""
    return await conn.fetch("SELECT * FROM payments WHERE receivable_id = $1 AND status = 'applied' ORDER BY id "
                            "FOR UPDATE", receivable_id)


async def reverse(conn, payment: Row, reason: str | None) -> Row:
    return await PAYMENTS.update_columns(conn, payment["company_id"], payment["id"], {
        "status": "reversed", "reverse_reason": reason, "reversed_at": await conn.fetchval("SELECT now()")})


async def move(conn, payment: Row, to: Row, applied: Decimal, surplus_to: dict[str, Any]) -> Row:
    """A sales order's payment now on the invoice's receivable; `surplus_to`: the columns that take what
    the invoice could not (excess_amount plus tip_amount or created_advance_amount)."""
    return await PAYMENTS.update_columns(conn, payment["company_id"], payment["id"], {
        "receivable_id": to["id"], "document_id": to["document_id"], "applied_amount": applied, **surplus_to})
