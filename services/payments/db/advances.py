"""SQL of customer_advances and advance_applications (migrations/0001).

A customer's available advances are locked in id order, after the receivable row, by every
transaction that takes from them: two payments of one customer never spend the same advance.
"""
from __future__ import annotations

from decimal import Decimal
from shared.db.rows import Row, TenantTable

ADVANCES = TenantTable("customer_advances")
_AVAILABLE = "company_id = $1 AND customer_id = $2 AND status = 'active' AND remaining > 0"


async def lock_available(conn, company_id: int, customer_id: int | None) -> list[Row]:
    """The customer's advances with something left, oldest first, locked (none for consumidor final)."""
    if customer_id is None:
        return []
    return await conn.fetch(f"SELECT * FROM customer_advances WHERE {_AVAILABLE} ORDER BY id FOR UPDATE",
                            company_id, customer_id)


async def available(conn, company_id: int, customer_id: int | None) -> Decimal:
    if customer_id is None:
        return Decimal("0")
    return await conn.fetchval(f"SELECT COALESCE(sum(remaining), 0) FROM customer_advances WHERE {_AVAILABLE}",
                               company_id, customer_id)


async def create(conn, company_id: int, customer_id: int, amount: Decimal, source: str, *,
                 payment_id: int | None = None, document_id: int | None = None) -> Row:
    return await ADVANCES.insert_columns(conn, company_id, {
        "customer_id": customer_id, "amount": amount, "remaining": amount, "source": source,
        "source_payment_id": payment_id, "source_document_id": document_id})


async def take(conn, company_id: int, payment_id: int, taken: list[tuple[int, Decimal]]) -> None:
    """Spend (advance id, amount) pairs for a payment: remaining down, one application row each."""
    for advance_id, amount in taken:
        await conn.execute("UPDATE customer_advances SET remaining = remaining - $2, updated_at = now() "
                           "WHERE id = $1", advance_id, amount)
        await conn.execute("INSERT INTO advance_applications (company_id, advance_id, payment_id, amount) "
                           "VALUES ($1, $2, $3, $4)", company_id, advance_id, payment_id, amount)


async def give_back(conn, payment_id: int) -> list[Row]:
    """A reversed payment returns what it took from advances (locked in advance id order)."""
    rows = await conn.fetch("SELECT * FROM advance_applications WHERE payment_id = $1 AND reversed_at IS NULL "
                            "ORDER BY advance_id FOR UPDATE", payment_id)
    for app in rows:
        await conn.execute("UPDATE customer_advances SET remaining = remaining + $2, updated_at = now() "
                           "WHERE id = $1", app["advance_id"], app["amount"])
        await conn.execute("UPDATE advance_applications SET reversed_at = now() WHERE id = $1", app["id"])
    return rows


async def created_by_payment(conn, payment_id: int) -> list[Row]:
    """The advances a payment's excess created."""
    return await conn.fetch("SELECT * FROM customer_advances WHERE source_payment_id = $1 ORDER BY id", payment_id)


async def lock_of_payment(conn, payment_id: int) -> None:
    """Lock every advance a payment used or created, in id order (the order a collection locks them in)."""
    await conn.execute(
        "SELECT 1 FROM customer_advances WHERE id IN (SELECT advance_id FROM advance_applications WHERE payment_id = $1) "
        "OR source_payment_id = $1 ORDER BY id FOR UPDATE", payment_id)


async def lock(conn, advance_id: int) -> Row | None:
    return await conn.fetchrow("SELECT * FROM customer_advances WHERE id = $1 FOR UPDATE", advance_id)


async def void(conn, advance_id: int) -> None:
    """An advance whose source was undone: nothing left to apply."""
    await conn.execute("UPDATE customer_advances SET status = 'voided', remaining = 0, updated_at = now() "
                       "WHERE id = $1", advance_id)


async def applications_of(conn, payment_id: int) -> list[Row]:
    return await conn.fetch("SELECT * FROM advance_applications WHERE payment_id = $1 ORDER BY id", payment_id)


async def page_of_customer(conn, company_id: int, customer_id: int, limit: int, offset: int) -> tuple[list[Row], int]:
    rows = await conn.fetch("SELECT * FROM customer_advances WHERE company_id = $1 AND customer_id = $2 "
                            "ORDER BY id DESC LIMIT $3 OFFSET $4", company_id, customer_id, limit, offset)
    total = await conn.fetchval("SELECT count(*) FROM customer_advances WHERE company_id = $1 AND customer_id = $2",
                                company_id, customer_id)
    return list(rows), total


def as_list(rows: list[Row]) -> list[tuple[int, Decimal]]:
    return [(r["id"], r["remaining"]) for r in rows]
