"""Contracts owned by sequencing: number allocation (exactly once per document) and the
request bodies of its RPC methods (establishments, points of sale, series.resolve).

The request bodies check structure only (codes, document types, number ranges) and
answer with Spanish reasons; which series may number what is sequencing's domain.
"""
from __future__ import annotations

import re
from datetime import datetime

from pydantic import Field, field_validator

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.contracts.text import Text
from shared.rpc.params import RequestModel

DOCUMENT_TYPES = ("invoice", "sales_order", "quotation", "credit_note", "debit_note")
# accepted spellings -> canonical type (`sales_note` is the published alias of sales_order)
TYPE_ALIASES = {**{t: t for t in DOCUMENT_TYPES}, "sales_note": "sales_order"}
DEFAULT_TYPE = "invoice"
NUMBER_DIGITS = 9  # the SRI's `secuencial`
MAX_NUMBER = 10**NUMBER_DIGITS - 1
_CODE = re.compile(r"^[0-9]{3}$")
CODE_PATTERN = "^(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})$"  # is_valid_code, as a JSON Schema pattern
SERIES_PATTERN = f"^{CODE_PATTERN[1:-1]}-{CODE_PATTERN[1:-1]}$"  # EEE-PPP, each 001 to 999


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


# --- messages ---------------------------------------------------------------------------

@register
class AllocateNumber(Contract):
    """Give `document_id` the next number of its series (idempotent on document_id)."""

    TYPE = "sequencing.allocate_number"
    VERSION = 1
    KIND = "command"
    document_id: int = Field(description="the document being numbered")
    document_type: str = Field(description="invoice, sales_order, quotation, credit_note, debit_note")
    series: str = Field(pattern=r"^[0-9]{3}-[0-9]{3}$", description="EEE-PPP")
    manual_number: int | None = Field(None, ge=1, le=999_999_999,
                                      description="a number chosen by the user, where the company allows it")


@register
class NumberAllocated(Contract):
    TYPE = "sequencing.number_allocated"
    VERSION = 1
    document_id: int
    document_type: str
    series: str = Field(description="EEE-PPP")
    establishment: str = Field(description="EEE")
    emission_point: str = Field(description="PPP")
    number: int = Field(ge=1, le=999_999_999, description="sequential number")
    display_number: str = Field(description="EEE-PPP-NNNNNNNNN")
    allocated_at: datetime


@register
class NumberRejected(Contract):
    """The number could not be allocated (e.g. a manual number already used)."""

    TYPE = "sequencing.number_rejected"
    VERSION = 1
    document_id: int
    reason: str = Field(description="Spanish message for the document's timeline")


# --- request bodies ---------------------------------------------------------------------

def _types_or_none(value: list[str] | None) -> list[str] | None:
    return normalize_types(value) if value is not None else None


class _Coded(RequestModel):
    """A body with a 3-digit `code` (001 to 999)."""

    code: str = Field(description="3 digits, e.g. 001", examples=["001"], json_schema_extra={"pattern": CODE_PATTERN})

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        if not is_valid_code(value):
            raise ValueError("El campo code debe tener 3 dígitos (001 a 999).")
        return value


class EstablishmentIn(_Coded):
    """establishments.create."""

    name: Text = Field(min_length=1, max_length=300, description="the establishment's name")
    address: Text | None = Field(None, max_length=300, description="its address, printed on the documents")
    document_types: list[str] | None = Field(None, validate_default=True, description="default: every type")

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str]:
        return normalize_types(value)


class PointOfSaleIn(_Coded):
    """points_of_sale.create: the series is the establishment's code and this `code` (EEE-PPP)."""

    establishment_id: int = Field(ge=1, le=2**63 - 1, description="the establishment it belongs to")
    name: Text | None = Field(None, min_length=1, max_length=300, description="default: Punto EEE-PPP")
    document_types: list[str] | None = Field(None, description="default: the establishment's types")
    manual_numbering: bool = Field(False, description="the point of sale accepts manual numbers")
    next_numbers: dict[str, int] | None = Field(
        None, validate_default=True,
        description="first number to hand out per document type (migrating from another system)")

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str] | None:
        return _types_or_none(value)

    @field_validator("next_numbers")
    @classmethod
    def _check_next_numbers(cls, value: dict[str, int] | None) -> dict[str, int]:
        out = {}
        for key, number in (value or {}).items():
            canonical = normalize_type(key)
            if canonical is None:
                raise ValueError(f"El tipo de documento {key} no es válido.")
            if not 1 <= number <= MAX_NUMBER:
                raise ValueError(f"El número inicial de {key} debe estar entre 1 y {MAX_NUMBER}.")
            out[canonical] = number
        return out


class PointOfSaleChanges(RequestModel):
    """points_of_sale.update: every field optional; the code and series never change."""

    name: Text | None = Field(None, min_length=1, max_length=300, description="new name")
    active: bool | None = Field(None, description="false: the series numbers nothing more")
    manual_numbering: bool | None = Field(None, description="the point of sale accepts manual numbers")
    document_types: list[str] | None = Field(None, min_length=1,
                                             description="a newly enabled type starts its counter at 1")

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str] | None:
        return _types_or_none(value)


class SeriesQuery(RequestModel):
    """series.resolve: the series a document will be recorded in (and its manual number, if any)."""

    type: str | None = Field(None, validate_default=True,
                             description="document type (aliases accepted); default invoice")
    series: str | None = Field(None, description="EEE-PPP; absent: default_series, else the first enabled")
    default_series: str | None = Field(None, description="the company's default series, when documents knows it")
    number: int | None = Field(None, ge=1, le=MAX_NUMBER, description="manual number to check")

    @field_validator("type")
    @classmethod
    def _check_type(cls, value: str | None) -> str:
        if value is None:
            return DEFAULT_TYPE
        canonical = normalize_type(value)
        if canonical is None:
            raise ValueError(f"El tipo de documento {value} no es válido.")
        return canonical
