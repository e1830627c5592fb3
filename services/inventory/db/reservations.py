"""Reservations and the documents inventory has seen (asyncpg).

A reservation holds while `status = 'active' AND expires_at > now()` (the `holding`
column below); the sweeper only tidies the status of those past their time. A
cancelled document is remembered, so a late recorded event for it moves nothing.
"""
from __future__ import annotations

from decimal import Decimal

import asyncpg

from services.inventory.domain.availability import DocLine
from shared.db.inbox import Claim

Row = asyncpg.Record
_RESERVATION = "*, (status = 'active' AND expires_at > now()) AS holding"


async def lock_document(conn, company_id: int, document_id: int, inbox: Claim | None = None) -> bool:
    """Serialize everything done for one document (reserve, confirm, return, cancel) until commit.

    Taken before any stock row lock, always, so the lock order stays global. With a message's
    inbox claim, made in the same round trip: False for a message already handled."""
    key = f"inventory.document:{company_id}:{document_id}"
    if inbox is None:
        await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key)
        return True
    claimed = await conn.fetchval(f"WITH {inbox.cte(2)} SELECT {inbox.claimed_count} "
                                  "FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked",
                                  key, *inbox.params)
    return inbox.made(claimed > 0)


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
                           lines: list[DocLine], *, renewed_id: int | None) -> tuple[dict, list[dict]]:
    """Insert the document's reservation with its items (one round trip), or renew its released/expired
    one (`renewed_id`) with the new lines; (the reservation, its items in line order)."""
    if renewed_id is not None:
        await conn.execute("DELETE FROM reservation_items WHERE reservation_id = $1", renewed_id)
    found = await conn.fetch(
        f"""WITH r AS (INSERT INTO reservations (company_id, document_id, warehouse_id, expires_at)
                       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
                       ON CONFLICT (company_id, document_id) DO UPDATE
                          SET warehouse_id = EXCLUDED.warehouse_id, expires_at = EXCLUDED.expires_at,
                              status = 'active', movement_id = NULL, updated_at = now()
                       RETURNING {_RESERVATION}),
                 i AS (INSERT INTO reservation_items (reservation_id, line, product_id, quantity)
                       SELECT r.id, t.l, t.p, t.q FROM r, unnest($5::int[], $6::bigint[], $7::numeric[]) AS t (l, p, q)
                       RETURNING line, product_id, quantity)
            SELECT r.*, i.line AS item_line, i.product_id AS item_product_id, i.quantity AS item_quantity
              FROM r LEFT JOIN i ON true ORDER BY i.line""",
        company_id, document_id, warehouse_id, float(ttl_seconds),
        [ln.line for ln in lines], [ln.product_id for ln in lines], [ln.quantity for ln in lines])
    row = {k: v for k, v in found[0].items() if not k.startswith("item_")}
    items = [{"line": r["item_line"], "product_id": r["item_product_id"], "quantity": r["item_quantity"]}
             for r in found if r["item_line"] is not None]
    return row, items


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
