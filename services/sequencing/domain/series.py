"""Series: an establishment's and an emission point's 3-digit codes (001-999), `EEE-PPP`,
and which series may number which document type (pure, no I/O).

A series row is a point of sale joined with its establishment (db.numbering.series_point).
"""
from __future__ import annotations

import re

from shared.contracts.sequencing import is_valid_code

_SERIES = re.compile(r"^([0-9]{3})-([0-9]{3})$")

# Spanish names of the types, for the reasons a series is refused
TYPE_LABELS = {"invoice": "factura", "sales_order": "orden de venta", "quotation": "cotización",
               "credit_note": "nota de crédito", "debit_note": "nota de débito"}


def series_of(establishment_code: str, point_code: str) -> str:
    return f"{establishment_code}-{point_code}"


def parse_series(series: str) -> tuple[str, str] | None:
    """`001-002` -> ("001", "002"); None when malformed."""
    match = _SERIES.match(series)
    if not match or not (is_valid_code(match[1]) and is_valid_code(match[2])):
        return None
    return match[1], match[2]


def default_point_name(establishment_code: str, point_code: str) -> str:
    return f"Punto {series_of(establishment_code, point_code)}"


def enabled_for(point, document_type: str) -> bool:
    """A series (point of sale row joined with its establishment) can number the type."""
    return bool(point["active"] and point["establishment_active"]
                and document_type in point["document_types"] and document_type in point["establishment_types"])


def series_refusal(point, series: str, document_type: str) -> str | None:
    """Why a series cannot number a document type (Spanish), or None when it can."""
    if point is None:
        return f"La serie {series} no existe."
    if not enabled_for(point, document_type):
        return f"La serie {series} no está habilitada para {TYPE_LABELS[document_type]}."
    return None


def manual_refusal(point, series: str) -> str | None:
    if not point["manual_numbering"]:
        return f"El punto de emisión {series} no permite numeración manual."
    return None
