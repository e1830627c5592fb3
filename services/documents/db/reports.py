"""The reports' reads (asyncpg): sums per group and document type, and per IVA code and type.

Only issued documents (status `issued`: not drafts, not cancelled) of the counted types whose
issue date is in the period; optionally of one SRI status. PostgreSQL sums the numeric
columns exactly; the signs (credit notes subtract) are applied by domain/reports.py.
The period's rows are found by the (company_id, issue_date) index of migration 0004.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg

from services.documents.domain.reports import COUNTED_TYPES

Row = asyncpg.Record


@dataclass(frozen=True)
class Scope:
    company_id: int
    start: date
    end: date
    sri_status: str | None = None


_WHERE = """d.company_id = $1 AND d.status = 'issued' AND d.type = ANY($2::text[])
            AND d.issue_date BETWEEN $3 AND $4 AND ($5::text IS NULL OR d.sri_status = $5)"""

# group key and the columns that label it (read on the group's newest document)
_HEADER_KEYS = {
    "day": ("d.issue_date::text", ""),
    "month": ("to_char(d.issue_date, 'YYYY-MM')", ""),
    "customer": ("coalesce(d.customer_id::text, 'id:' || (d.customer->>'identification'))",
                 """, max(d.customer_id) AS customer_id,
                    (array_agg(d.customer->>'identification' ORDER BY d.id DESC))[1] AS identification,
                    (array_agg(d.customer->>'name' ORDER BY d.id DESC))[1] AS name"""),
    "period": ("'period'", ""),
}


def _args(scope: Scope) -> tuple:
    return scope.company_id, list(COUNTED_TYPES), scope.start, scope.end, scope.sri_status


async def by_documents(conn, scope: Scope, group_by: str) -> list[Row]:
    """Per (key, type): documents, newest, subtotal, discount, tax, tip, total (+ the key's labels)."""
    key, labels = _HEADER_KEYS[group_by]
    return await conn.fetch(
        f"""SELECT {key} AS key, d.type, count(*) AS documents, max(d.id) AS newest,
                   sum(d.subtotal) AS subtotal, sum(d.discount) AS discount, sum(d.tax) AS tax,
                   sum(d.tip) AS tip, sum(d.total) AS total {labels}
              FROM documents d WHERE {_WHERE}
             GROUP BY 1, 2 ORDER BY 1, 2""", *_args(scope))


async def by_products(conn, scope: Scope) -> list[Row]:
    """Per (product, type), from the lines: documents, newest, quantity, subtotal, discount, tax,
    total; a line without a product (a debit note's reason, a free-text item) groups by its text."""
    return await conn.fetch(
        f"""SELECT coalesce(l.product_id::text, 'text:' || l.description) AS key, d.type,
                   count(DISTINCT d.id) AS documents, max(d.id) AS newest, sum(l.quantity) AS quantity,
                   sum(l.base) AS subtotal, sum(l.discount_amount) AS discount, sum(l.tax_amount) AS tax,
                   sum(l.base + l.tax_amount) AS total, max(l.product_id) AS product_id,
                   (array_agg(l.product_code ORDER BY d.id DESC, l.line_no))[1] AS product_code,
                   (array_agg(l.description ORDER BY d.id DESC, l.line_no))[1] AS description
              FROM documents d JOIN document_lines l ON l.document_id = d.id
             WHERE {_WHERE}
             GROUP BY 1, 2 ORDER BY 1, 2""", *_args(scope))


async def by_rates(conn, scope: Scope) -> list[Row]:
    """Per (IVA code, rate, type): documents, base, tax, from each document's per-rate totals."""
    return await conn.fetch(
        f"""SELECT t->>'code' AS code, (t->>'rate')::numeric AS rate, d.type, count(*) AS documents,
                   sum((t->>'base')::numeric) AS base, sum((t->>'amount')::numeric) AS tax
              FROM documents d CROSS JOIN LATERAL jsonb_array_elements(d.tax_totals) t
             WHERE {_WHERE}
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", *_args(scope))


async def counts(conn, scope: Scope) -> Row:
    """The period's counted documents: `sales` (invoices and debit notes), `credit_notes`, and
    `not_authorized` (of either, those the SRI has not authorized, yet or at all)."""
    return await conn.fetchrow(
        f"""SELECT count(*) FILTER (WHERE d.type <> 'credit_note') AS sales,
                   count(*) FILTER (WHERE d.type = 'credit_note') AS credit_notes,
                   count(*) FILTER (WHERE d.sri_status <> 'authorized') AS not_authorized
              FROM documents d WHERE {_WHERE}""", *_args(scope))
