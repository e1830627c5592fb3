"""The receivables report's read (migrations/0001, 0002): each collectable document's balance as of a date.

balance as of D = total - the applied payments dated on or before D - the credit notes issued
on or before D (their issue date; rows applied before migration 0002 kept none: the day payments
applied them, in Ecuador time). Payments dated after D do not count even when registered before the
report runs; a reversed payment or a cancelled credit note never counts (a reversal undoes
it). Documents issued after D, cancelled ones and sales orders moved to their invoice are
left out (the moved debt counts on the invoice). Newest documents first.
"""
from __future__ import annotations

from datetime import date

from shared.db.rows import Row

_AS_OF = """
WITH paid AS (
    SELECT document_id, sum(applied_amount) AS amount FROM payments
     WHERE company_id = $1 AND status = 'applied' AND payment_date <= $2
     GROUP BY document_id),
credited AS (
    SELECT receivable_id, sum(credited_amount) AS amount FROM credit_applications
     WHERE company_id = $1 AND status = 'applied'
       AND coalesce(issue_date, (created_at AT TIME ZONE INTERVAL '-05:00')::date) <= $2
     GROUP BY receivable_id),
owed AS (
    SELECT r.id, r.document_id, r.customer_id, r.customer_name, r.customer_identification, r.issue_date, r.due_date,
           r.total - coalesce(p.amount, 0) - coalesce(c.amount, 0) AS balance
      FROM receivables r
      LEFT JOIN paid p ON p.document_id = r.document_id
      LEFT JOIN credited c ON c.receivable_id = r.id
     WHERE r.company_id = $1 AND r.recorded AND r.status = 'open' AND r.issue_date <= $2 {customer})
SELECT * FROM owed WHERE balance > 0 ORDER BY issue_date DESC, id DESC"""


async def owed_as_of(conn, company_id: int, as_of: date, customer_id: int | None = None) -> list[Row]:
    """(document_id, customer_id, customer_name, customer_identification, issue_date, due_date, balance)
    of every document that owed something on `as_of` (of one customer, when given)."""
    if customer_id is None:
        return list(await conn.fetch(_AS_OF.format(customer=""), company_id, as_of))
    return list(await conn.fetch(_AS_OF.format(customer="AND r.customer_id = $3"), company_id, as_of, customer_id))
