"""series.resolve: which series (establishment, emission point) a document is recorded in.

Documents calls it before recording, so an unknown series, a series not enabled
for the type, a manual number where the point of sale does not allow it (422) or
a manual number already used (409) is answered before anything is recorded. The
allocation itself re-checks all of it (NumberRejected) when the number is given.

Series absent: the company's `default_series` when documents sends it and it is
enabled for the type, else the first series enabled for the type (by series).
"""
from __future__ import annotations

import asyncpg

from services.sequencing import db, domain
from services.sequencing import db_numbering as dbn
from services.sequencing.schemas import SeriesQuery
from shared.contracts.rpc import Conflict, Unprocessable


async def resolve(conn, company_id: int, query: SeriesQuery) -> asyncpg.Record:
    series = query.series or await _default_series(conn, company_id, query)
    if domain.parse_series(series) is None:
        raise Unprocessable({"series": [f"La serie {series} no es válida (formato 001-001)."]})
    point = await dbn.series_point(conn, company_id, series)
    reason = domain.series_refusal(point, series, query.type)
    if reason is not None:
        raise Unprocessable({"series": [reason]})
    if query.number is not None:
        await _check_manual(conn, company_id, point, query.type, query.number)
    return point


async def _default_series(conn, company_id: int, query: SeriesQuery) -> str:
    if query.default_series:
        point = await dbn.series_point(conn, company_id, query.default_series)
        if point is not None and domain.enabled_for(point, query.type):
            return query.default_series
    first = await db.first_series_for_type(conn, company_id, query.type)
    if first is None:
        raise Unprocessable({"series": [f"No hay series habilitadas para {domain.TYPE_LABELS[query.type]}."]})
    return first


async def _check_manual(conn, company_id: int, point, document_type: str, number: int) -> None:
    series = point["series"]
    reason = domain.manual_refusal(point, series)
    if reason is not None:
        raise Unprocessable({"number": [reason]})
    if await dbn.number_used(conn, company_id, series, document_type, number):
        raise Conflict(domain.number_used(series, number))
