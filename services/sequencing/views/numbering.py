"""Numbers: the sequence preview and the NumberAllocated event of an allocation row."""
from __future__ import annotations

from typing import Any

from services.sequencing.domain.numbering import display_number, format_number
from shared.contracts.sequencing import NumberAllocated


def preview(document_type: str, series: str, next_number: int) -> dict[str, Any]:
    establishment_code, point_code = series.split("-")
    return {"type": document_type, "series": series, "establishment": establishment_code,
            "emission_point": point_code, "next_number": format_number(next_number),
            "display_number": display_number(series, next_number)}


def number_allocated(allocation) -> NumberAllocated:
    series, number = allocation["series"], allocation["number"]
    establishment_code, point_code = series.split("-")
    return NumberAllocated(document_id=allocation["document_id"], document_type=allocation["document_type"],
                           series=series, establishment=establishment_code, emission_point=point_code,
                           number=number, display_number=display_number(series, number),
                           allocated_at=allocation["allocated_at"])
