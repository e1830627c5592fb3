"""Numbering rules of the SRI: codes, series and document numbers (pure, no I/O).

An establishment and an emission point each have a 3-digit code (001-999); the
series is `EEE-PPP`; a number has 9 digits, zero-padded, displayed `EEE-PPP-NNNNNNNNN`.
Each document type has its own counter per series.
"""
from __future__ import annotations

import re

DOCUMENT_TYPES = ("invoice", "sales_order", "quotation", "credit_note", "debit_note")
# accepted spellings -> canonical type (`sales_note` is the published alias of sales_order)
TYPE_ALIASES = {**{t: t for t in DOCUMENT_TYPES}, "sales_note": "sales_order"}
DEFAULT_TYPE = "invoice"
NUMBER_DIGITS = 9
MAX_NUMBER = 10**NUMBER_DIGITS - 1

_CODE = re.compile(r"^[0-9]{3}$")
_SERIES = re.compile(r"^([0-9]{3})-([0-9]{3})$")


def normalize_type(value: str) -> str | None:
    """Canonical document type, or None when unknown."""
    return TYPE_ALIASES.get(value)


def normalize_types(values: list[str] | None) -> list[str]:
    """Canonical, de-duplicated, in the platform's order; None or [] -> all types.

    Raises ValueError (Spanish) naming the first unknown type.
    """
    if not values:
        return list(DOCUMENT_TYPES)
    wanted = set()
    for value in values:
        canonical = normalize_type(value)
        if canonical is None:
            raise ValueError(f"El tipo de documento {value} no es válido.")
        wanted.add(canonical)
    return [t for t in DOCUMENT_TYPES if t in wanted]


def is_valid_code(code: str) -> bool:
    """Establishment or emission point code: three digits, 001 to 999."""
    return bool(_CODE.match(code)) and code != "000"


def series_of(establishment_code: str, point_code: str) -> str:
    return f"{establishment_code}-{point_code}"


def parse_series(series: str) -> tuple[str, str] | None:
    """`001-002` -> ("001", "002"); None when malformed."""
    match = _SERIES.match(series)
    if not match or not (is_valid_code(match[1]) and is_valid_code(match[2])):
        return None
    return match[1], match[2]


def format_number(number: int) -> str:
    """217 -> "000000217"."""
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"number out of range: {number}")
    return f"{number:0{NUMBER_DIGITS}d}"


def display_number(series: str, number: int) -> str:
    """("001-002", 217) -> "001-002-000000217"."""
    return f"{series}-{format_number(number)}"


def default_point_name(establishment_code: str, point_code: str) -> str:
    return f"Punto {series_of(establishment_code, point_code)}"


# Spanish names of the types, for the reasons a number is refused
TYPE_LABELS = {"invoice": "factura", "sales_order": "orden de venta", "quotation": "cotización",
               "credit_note": "nota de crédito", "debit_note": "nota de débito"}


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


def number_used(series: str, number: int) -> str:
    return f"El número {display_number(series, number)} ya fue utilizado en la serie {series}."


def series_exhausted(series: str, document_type: str) -> str:
    return f"La serie {series} agotó su numeración para {TYPE_LABELS[document_type]}."
