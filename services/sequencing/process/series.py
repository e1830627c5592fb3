"""Which series (establishment, emission point) a document is numbered in, and its next number.

series.resolve: documents calls it before recording, so an unknown series, a series
not enabled for the type, a manual number where the point of sale does not allow it
(422) or a manual number already used (409) is answered before anything is recorded.
The allocation itself re-checks all of it (NumberRejected) when the number is given.
Series absent: the company's `default_series` when documents sends it and it is
enabled for the type, else the first series enabled for the type (by series).

sequence.preview: the next number of a series and type, without consuming it.
"""
from __future__ import annotations

import asyncpg

from services.sequencing.db import numbering as dbn
from services.sequencing.db import points_of_sale
from services.sequencing.domain import numbering, series as rules
from shared.contracts.rpc import Conflict, Unprocessable
from shared.contracts.sequencing import SeriesQuery


async def resolve(conn, company_id: int, query: SeriesQuery) -> asyncpg.Record:
    point = None if query.series else await _default_point(conn, company_id, query)  # read once
    if point is not None:
        series = point["series"]
    else:
        series = query.series or await _first_series(conn, company_id, query.type,
                                                      label=rules.TYPE_LABELS[query.type])
        _check_format(series)
        point = await points_of_sale.series_point(conn, company_id, series)
    reason = rules.series_refusal(point, series, query.type)
    if reason is not None:
        raise Unprocessable({"series": [reason]})
    if query.number is not None:
        await _check_manual(conn, company_id, point, query.type, query.number)
    return point


async def next_number(conn, company_id: int, document_type: str, series: str | None) -> tuple[str, int]:
    """(series, its next number for the type); series None: the first enabled for the type."""
    series = series or await _first_series(conn, company_id, document_type, label=document_type)
    _check_format(series)
    counter = await dbn.get_counter(conn, company_id, series, document_type)
    if counter is None:
        if await points_of_sale.series_exists(conn, company_id, series):
            raise Unprocessable({"type": [f"La serie {series} no está habilitada para {document_type}."]})
        raise Unprocessable({"series": [f"La serie {series} no existe."]})
    return series, counter["next_number"]


def _check_format(series: str) -> None:
    if rules.parse_series(series) is None:
        raise Unprocessable({"series": [f"La serie {series} no es válida (formato 001-001)."]})


async def _first_series(conn, company_id: int, document_type: str, label: str) -> str:
    first = await points_of_sale.first_series_for_type(conn, company_id, document_type)
    if first is None:
        raise Unprocessable({"series": [f"No hay series habilitadas para {label}."]})
    return first


async def _default_point(conn, company_id: int, query: SeriesQuery) -> asyncpg.Record | None:
    """The company's default series (its row) when it is enabled for the type, else None."""
    if query.default_series:
        point = await points_of_sale.series_point(conn, company_id, query.default_series)
        if point is not None and rules.enabled_for(point, query.type):
            return point
    return None


async def _check_manual(conn, company_id: int, point, document_type: str, number: int) -> None:
    series = point["series"]
    reason = rules.manual_refusal(point, series)
    if reason is not None:
        raise Unprocessable({"number": [reason]})
    if await dbn.number_used(conn, company_id, series, document_type, number):
        raise Conflict(numbering.number_used(series, number))
