"""Request bodies of sequencing, validated with Spanish reasons and field paths."""
from __future__ import annotations

from pydantic import Field, field_validator

from services.sequencing import domain
from shared.rpc.params import RequestModel


class _Coded(RequestModel):
    """A body with a 3-digit `code` (001 to 999)."""

    code: str = Field(description="3 digits, e.g. 001")

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        if not domain.is_valid_code(value):
            raise ValueError("El campo code debe tener 3 dígitos (001 a 999).")
        return value


class EstablishmentIn(_Coded):
    name: str = Field(min_length=1, max_length=300)
    address: str | None = Field(None, max_length=300)
    document_types: list[str] | None = Field(None, validate_default=True, description="default: every type")

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str]:
        return domain.normalize_types(value)


class PointOfSaleIn(_Coded):
    establishment_id: int = Field(ge=1, le=2**63 - 1)
    name: str | None = Field(None, min_length=1, max_length=300, description="default: Punto EEE-PPP")
    document_types: list[str] | None = Field(None, description="default: the establishment's types")
    manual_numbering: bool = Field(False, description="the point of sale accepts manual numbers")
    next_numbers: dict[str, int] | None = Field(
        None, validate_default=True,
        description="first number to hand out per document type (migrating from another system)")

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str] | None:
        return domain.normalize_types(value) if value is not None else None

    @field_validator("next_numbers")
    @classmethod
    def _check_next_numbers(cls, value: dict[str, int] | None) -> dict[str, int]:
        out = {}
        for key, number in (value or {}).items():
            canonical = domain.normalize_type(key)
            if canonical is None:
                raise ValueError(f"El tipo de documento {key} no es válido.")
            if not 1 <= number <= domain.MAX_NUMBER:
                raise ValueError(f"El número inicial de {key} debe estar entre 1 y {domain.MAX_NUMBER}.")
            out[canonical] = number
        return out


class PointOfSaleChanges(RequestModel):
    """points_of_sale.update: every field optional; the code and series never change."""

    name: str | None = Field(None, min_length=1, max_length=300)
    active: bool | None = None
    manual_numbering: bool | None = None
    document_types: list[str] | None = Field(None, min_length=1)

    @field_validator("document_types")
    @classmethod
    def _check_types(cls, value: list[str] | None) -> list[str] | None:
        return domain.normalize_types(value) if value is not None else None


class SeriesQuery(RequestModel):
    """series.resolve: the series a document will be recorded in (and its manual number, if any)."""

    type: str | None = Field(None, validate_default=True,
                             description="document type (aliases accepted); default invoice")
    series: str | None = Field(None, description="EEE-PPP; absent: default_series, else the first enabled")
    default_series: str | None = Field(None, description="the company's default series, when documents knows it")
    number: int | None = Field(None, ge=1, le=domain.MAX_NUMBER, description="manual number to check")

    @field_validator("type")
    @classmethod
    def _check_type(cls, value: str | None) -> str:
        if value is None:
            return domain.DEFAULT_TYPE
        canonical = domain.normalize_type(value)
        if canonical is None:
            raise ValueError(f"El tipo de documento {value} no es válido.")
        return canonical
