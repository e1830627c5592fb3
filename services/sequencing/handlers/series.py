"""RPC series.resolve (documents, before recording) and sequence.preview (a series' next number)."""
from __future__ import annotations

from typing import Any

from services.sequencing import process, views
from services.sequencing.domain.series import series_of
from shared.contracts.rpc import RpcRequest, Unprocessable
from shared.contracts.sequencing import DEFAULT_TYPE, TYPE_ALIASES, SeriesQuery
from shared.messaging.inject import read_only
from shared.rpc.params import query_choice, query_str, tenant
from shared.rpc.validation import validate_body


@read_only
async def resolve_series(req: RpcRequest, *, conn) -> dict[str, Any]:
    point = await process.series.resolve(conn, tenant(req), validate_body(SeriesQuery, req.body))
    return views.points_of_sale.resolved_series(point)


async def preview_sequence(req: RpcRequest, *, conn) -> dict[str, Any]:
    """The next number of a series and type, without consuming it."""
    document_type = query_choice(req, "type", TYPE_ALIASES, default=DEFAULT_TYPE)
    series, number = await process.series.next_number(conn, tenant(req), document_type, _requested_series(req))
    return views.numbering.preview(document_type, series, number)


def _requested_series(req: RpcRequest) -> str | None:
    """`series`, else `establishment` + `point_of_sale` (both), else None: the first enabled."""
    series = query_str(req, "series")
    if series is not None:
        return series
    est, point = query_str(req, "establishment"), query_str(req, "point_of_sale")
    if est is None and point is None:
        return None
    missing = "point_of_sale" if point is None else "establishment" if est is None else None
    if missing:
        raise Unprocessable({missing: [f"El campo {missing} es obligatorio."]})
    return series_of(est, point)
