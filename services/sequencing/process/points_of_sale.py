"""Creating and changing a point of sale, with the counters of its series."""
from __future__ import annotations

import asyncpg

from services.sequencing.db import establishments, numbering, points_of_sale
from services.sequencing.domain import series as rules
from shared.contracts.rpc import Unprocessable
from shared.contracts.sequencing import PointOfSaleChanges, PointOfSaleIn


async def create(conn, company_id: int, body: PointOfSaleIn) -> asyncpg.Record:
    """The new point (series EEE-PPP, the establishment's types by default), a counter per type."""
    est = await establishments.get(conn, company_id, body.establishment_id)
    if est is None:
        raise Unprocessable({"establishment_id": ["El establecimiento seleccionado no existe."]})
    series = rules.series_of(est["code"], body.code)
    types = body.document_types or list(est["document_types"])
    name = body.name or rules.default_point_name(est["code"], body.code)
    point_id = await points_of_sale.insert(conn, company_id, est["id"], body.code, name, series, types,
                                           body.manual_numbering)
    if point_id is None:
        raise Unprocessable({"code": [f"El punto de emisión {series} ya está registrado."]})
    await numbering.insert_counters(conn, company_id, point_id, series,
                                    {t: body.next_numbers.get(t, 1) for t in types})
    return await points_of_sale.get(conn, company_id, point_id)


async def update(conn, company_id: int, point_id: int, changes: PointOfSaleChanges) -> asyncpg.Record | None:
    """The changed point (a newly enabled type gets its counter at 1); None when not the company's."""
    row = await points_of_sale.update(conn, company_id, point_id, changes.model_dump(exclude_none=True))
    if row is None:
        return None
    await numbering.insert_counters(conn, company_id, row["id"], row["series"], {t: 1 for t in row["document_types"]})
    return await points_of_sale.get(conn, company_id, row["id"])
