"""Response shapes of sequencing (API.md Part A lookups and the preview, exact keys)."""
from __future__ import annotations

from typing import Any

from services.sequencing import domain
from shared.contracts.formatting import timestamp


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
            "created_at": timestamp(row["created_at"])}


def point_of_sale_lookup(row) -> dict[str, Any]:
    return {"id": row["id"], "establishment_id": row["establishment_id"], "name": row["name"],
            "code": row["code"], "series": row["series"]}


def preview(document_type: str, series: str, next_number: int) -> dict[str, Any]:
    establishment_code, point_code = series.split("-")
    return {"type": document_type, "series": series, "establishment": establishment_code,
            "emission_point": point_code, "next_number": domain.format_number(next_number),
            "display_number": domain.display_number(series, next_number)}
