"""Document numbers: 9 digits, zero-padded, displayed `EEE-PPP-NNNNNNNNN`; one counter per
series and document type; why a number cannot be given (pure, no I/O)."""
from __future__ import annotations

from services.sequencing.domain.series import TYPE_LABELS, manual_refusal, series_refusal
from shared.contracts.sequencing import MAX_NUMBER, NUMBER_DIGITS


def format_number(number: int) -> str:
    """217 -> "000000217"."""
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"number out of range: {number}")
    return f"{number:0{NUMBER_DIGITS}d}"


def display_number(series: str, number: int) -> str:
    """("001-002", 217) -> "001-002-000000217"."""
    return f"{series}-{format_number(number)}"


def allocation_refusal(point, series: str, document_type: str, manual: bool) -> str | None:
    """Why `series` (its row, or None) cannot number the type (manually), or None when it can."""
    reason = series_refusal(point, series, document_type)
    if reason is None and manual:
        reason = manual_refusal(point, series)
    return reason


def number_used(series: str, number: int) -> str:
    return f"El número {display_number(series, number)} ya fue utilizado en la serie {series}."


def series_exhausted(series: str, document_type: str) -> str:
    return f"La serie {series} agotó su numeración para {TYPE_LABELS[document_type]}."
