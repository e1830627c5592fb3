"""Reservations and the documents inventory has seen (asyncpg).

A reservation holds while `status = 'active' AND expires_at > now()` (the `holding`
column below); the sweeper only tidies the status of those past their time. A
cancelled document is remembered, so a late recorded event for it moves nothing.
"""
from __future__ import annotations

from decimal import Decimal

import asyncpg

from services.inventory.domain.availability import DocLine

Row = asyncpg.Record
_RESERVATION = "*, (status = 'active' AND expires_at > now()) AS holding"


async def lock_document(conn, company_id: int, document_id: int) -> None:
    """Serialize everything done for one document (reserve, confirm, return, cancel) until commit.

    Taken before any stock row lock, always, so the lock order stays global."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"inventory.document:{company_id}:{document_id}")


async def get_reservation(conn, company_id: int, document_id: int) -> Row | None:
    return await conn.fetchrow(
        f"SELECT {_RESERVATION} FROM reservations WHERE company_id = $1 AND document_id = $2 FOR UPDATE",
        company_id, document_id)


async def reservation_items(conn, reservation_id: int) -> list[Row]:
    return await conn.fetch("SELECT * FROM reservation_items WHERE reservation_id = $1 ORDER BY line",
                            reservation_id)


async def held_by_others(conn, company_id: int, warehouse_id: int, document_id: int,
                         product_ids: list[int]) -> dict[int, Decimal]:
    """Quantities held in the warehouse by other documents' live reservations, per product."""
    found = await conn.fetch(
        """SELECT i.product_id, sum(i.quantity) AS held
             FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id
            WHERE r.company_id = $1 AND r.warehouse_id = $2 AND r.status = 'active' AND r.expires_at > now()
              AND r.document_id <> $3 AND i.product_id = ANY ($4::bigint[])
            GROUP BY i.product_id""", company_id, warehouse_id, document_id, product_ids)
    return {r["product_id"]: r["held"] for r in found}


async def save_reservation(conn, company_id: int, document_id: int, warehouse_id: int, ttl_seconds: int,
                           lines: list[DocLine]) -> Row:
    """Insert the document's reservation, or renew its released/expired one with the new lines."""
    row = await conn.fetchrow(
        f"""INSERT INTO reservations (company_id, document_id, warehouse_id, expires_at)
            VALUES ($1, $2, $3, now() + make_interval(secs => $4))
            ON CONFLICT (company_id, document_id) DO UPDATE
               SET warehouse_id = EXCLUDED.warehouse_id, expires_at = EXCLUDED.expires_at, status = 'active',
                   movement_id = NULL, updated_at = now()
            RETURNING {_RESERVATION}""", company_id, document_id, warehouse_id, float(ttl_seconds))
    await conn.execute("DELETE FROM reservation_items WHERE reservation_id = $1", row["id"])
    await conn.execute(
        """INSERT INTO reservation_items (reservation_id, line, product_id, quantity)
           SELECT $1, t.l, t.p, t.q FROM unnest($2::int[], $3::bigint[], $4::numeric[]) AS t (l, p, q)""",
        row["id"], [ln.line for ln in lines], [ln.product_id for ln in lines], [ln.quantity for ln in lines])
    return row


async def set_status(conn, reservation_id: int, status: str, movement_id: int | None = None) -> None:
    await conn.execute(
        "UPDATE reservations SET status = $2, movement_id = coalesce($3, movement_id), updated_at = now() "
        "WHERE id = $1", reservation_id, status, movement_id)


async def expire_due(conn, limit: int = 1000) -> int:
    """Mark reservations past their time as expired (skipping rows someone is working on)."""
    return await conn.fetchval(
        """WITH due AS (SELECT id FROM reservations WHERE status = 'active' AND expires_at <= now()
                         ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED),
                done AS (UPDATE reservations r SET status = 'expired', updated_at = now()
                           FROM due WHERE r.id = due.id RETURNING 1)
           SELECT count(*) FROM done""", limit)


async def mark_cancelled(conn, company_id: int, document_id: int) -> None:
    await conn.execute("INSERT INTO cancelled_documents (company_id, document_id) VALUES ($1, $2) "
                       "ON CONFLICT DO NOTHING", company_id, document_id)


async def is_cancelled(conn, company_id: int, document_id: int) -> bool:
    return bool(await conn.fetchval(
        "SELECT 1 FROM cancelled_documents WHERE company_id = $1 AND document_id = $2", company_id, document_id))
