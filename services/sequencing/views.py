"""Response shapes of sequencing (API.md Part A lookups and the preview, exact keys)."""
from __future__ import annotations

from typing import Any

from services.sequencing import domain
from shared.rpc.formatting import timestamp
from shared.contracts.sequencing import NumberAllocated


def establishment(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"], "address": row["address"],
            "document_types": list(row["document_types"]), "active": row["active"],
            "created_at": timestamp(row["created_at"])}


def establishment_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "code": row["code"], "name": row["name"]}


def point_of_sale(row) -> dict[str, Any]:
    return {"id": row["id"], "establishment_id": row["establishment_id"],
            "establishment_code": row["establishment_code"], "code": row["code"], "name": row["name"],
            "series": row["series"], "document_types": list(row["document_types"]), "active": row["active"],
            "manual_numbering": row["manual_numbering"], "created_at": timestamp(row["created_at"])}


def point_of_sale_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "establishment_id": row["establishment_id"], "name": row["name"],
            "code": row["code"], "series": row["series"]}


def preview(document_type: str, series: str, next_number: int) -> dict[str, Any]:
    establishment_code, point_code = series.split("-")
    return {"type": document_type, "series": series, "establishment": establishment_code,
            "emission_point": point_code, "next_number": domain.format_number(next_number),
            "display_number": domain.display_number(series, next_number)}


def resolved_series(point) -> dict[str, Any]:
    """series.resolve: what documents needs to record a document in a series."""
    return {"series": point["series"], "establishment_id": point["establishment_id"],
            "establishment_code": point["establishment_code"], "establishment_name": point["establishment_name"],
            "establishment_address": point["establishment_address"], "point_of_sale_id": point["point_of_sale_id"],
            "emission_point": point["emission_point"], "manual_numbering": point["manual_numbering"]}


def number_allocated(allocation) -> NumberAllocated:
    series, number = allocation["series"], allocation["number"]
    establishment_code, point_code = series.split("-")
    return NumberAllocated(document_id=allocation["document_id"], document_type=allocation["document_type"],
                           series=series, establishment=establishment_code, emission_point=point_code,
                           number=number, display_number=domain.display_number(series, number),
                           allocated_at=allocation["allocated_at"])
