"""The read side's SQL (migrations/0001, 0002): receivables to collect, the newest payments, one document.

Only collectable receivables are read: `recorded` (not a placeholder) and `open` (not cancelled,
not a sales order moved to its invoice). Only the filters given become conditions. The name
search folds case and Spanish accents on both sides with built-in functions (`lower(translate(..))`,
FOLD_FROM -> FOLD_TO), so no extension is needed in payments' schema.
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from services.payments.domain.queries import ReceivableFilter, Term
from shared.db.paging import Paging, contains_pattern
from shared.db.rows import Row

FOLD_FROM = "ÁÉÍÓÚÜÑáéíóúüñÀÈÌÒÙàèìòùÂÊÎÔÛâêîôûÄËÏÖäëïöÇç"
FOLD_TO = "AEIOUUNaeiouunAEIOUaeiouAEIOUaeiouAEIOaeioCc"
COLLECTABLE = "recorded AND status = 'open'"
ORDER = "ORDER BY issue_date DESC, id DESC"


def fold(sql: str) -> str:
    """SQL of `sql` without case or accents: `Peña Ñúñez` -> `pena nunez`."""
    return f"lower(translate({sql}, '{FOLD_FROM}', '{FOLD_TO}'))"


class Filter(NamedTuple):
    """The WHERE clause of a ReceivableFilter and its positional arguments ($1: the company)."""

    sql: str
    args: list[Any]


def where_of(company_id: int, f: ReceivableFilter) -> Filter:
    args: list[Any] = [company_id]

    def bind(value: Any) -> str:
        args.append(value)
        return f"${len(args)}"

    conditions = ["company_id = $1", COLLECTABLE]
    if f.type is not None:
        conditions.append(f"document_type = {bind(f.type)}")
    if f.payment_status is not None:
        conditions.append(f"payment_status = {bind(f.payment_status)}")
    if f.with_balance:
        conditions.append("balance > 0")
    if f.term is not None:
        conditions.append(_matches(bind, f.term))
    return Filter(" AND ".join(conditions), args)


def _matches(bind: Callable[[Any], str], term: Term) -> str:
    """The series (and number) exactly, the number alone, a substring of the name or display number, or the
    start of the customer's identification (RUC / cédula: exactly or its first digits)."""
    exact = [f"{column} = {bind(value)}" for column, value in (("series", term.series), ("number", term.number))
             if value is not None]
    either = [" AND ".join(exact)] if exact else []
    if term.text is not None:
        pattern = bind(contains_pattern(term.text))
        prefix = bind(contains_pattern(term.text)[1:])  # `%text%` -> `text%`: starts with
        either += [f"{fold('customer_name')} LIKE {fold(pattern + '::text')}", f"display_number LIKE {pattern}",
                   f"customer_identification LIKE {prefix}"]
    return "(" + " OR ".join(f"({m})" for m in either) + ")"


async def _fetch(conn, f: Filter, limit: int, offset: int) -> list[Row]:
    n = len(f.args)
    return list(await conn.fetch(f"SELECT * FROM receivables WHERE {f.sql} {ORDER} LIMIT ${n + 1} OFFSET ${n + 2}",
                                 *f.args, limit, offset))


async def receivables_page(conn, company_id: int, f: ReceivableFilter, paging: Paging) -> tuple[list[Row], int]:
    """One page of the matching receivables, newest issue date first, and how many match."""
    where = where_of(company_id, f)
    found = await _fetch(conn, where, paging.limit, paging.offset)
    return found, await conn.fetchval(f"SELECT count(*) FROM receivables WHERE {where.sql}", *where.args)


async def receivables_slice(conn, company_id: int, f: ReceivableFilter, limit: int, offset: int) -> list[Row]:
    """`limit` matching receivables from `offset`, newest issue date first (no count: the lookup)."""
    return await _fetch(conn, where_of(company_id, f), limit, offset)


async def collectable(conn, company_id: int, document_id: int) -> Row | None:
    """The document's receivable when it can be collected (recorded and open), else None."""
    return await conn.fetchrow(
        f"SELECT * FROM receivables WHERE company_id = $1 AND document_id = $2 AND {COLLECTABLE}",
        company_id, document_id)


async def recent_payments(conn, company_id: int, limit: int, document_id: int | None = None) -> list[Row]:
    """The newest payments (applied or reversed) of the company, or of one document, with the document's
    number: registered last first."""
    one, args = ("", []) if document_id is None else (" AND p.document_id = $3", [document_id])
    return list(await conn.fetch(
        "SELECT p.*, r.document_type, r.series, r.number, r.display_number FROM payments p "
        f"JOIN receivables r ON r.id = p.receivable_id WHERE p.company_id = $1{one} "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT $2", company_id, limit, *args))
