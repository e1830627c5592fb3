"""A point of sale (emission point) and its series as the API and documents see them."""
from __future__ import annotations

from typing import Any

from shared.rpc.formatting import timestamp


def detail(row) -> dict[str, Any]:
    return {"id": row["id"], "establishment_id": row["establishment_id"],
            "establishment_code": row["establishment_code"], "code": row["code"], "name": row["name"],
            "series": row["series"], "document_types": list(row["document_types"]), "active": row["active"],
            "manual_numbering": row["manual_numbering"], "created_at": timestamp(row["created_at"])}


def lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "establishment_id": row["establishment_id"], "name": row["name"],
            "code": row["code"], "series": row["series"]}


def resolved_series(point) -> dict[str, Any]:
    """series.resolve: what documents needs to record a document in a series."""
    return {"series": point["series"], "establishment_id": point["establishment_id"],
            "establishment_code": point["establishment_code"], "establishment_name": point["establishment_name"],
            "establishment_address": point["establishment_address"], "point_of_sale_id": point["point_of_sale_id"],
            "emission_point": point["emission_point"], "manual_numbering": point["manual_numbering"]}
