"""Contracts owned by the gateway (companies, users, keys): its event and its request bodies."""
from __future__ import annotations

import re
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.contracts.sequencing import SERIES_PATTERN
from shared.contracts.text import LINE_FORBIDDEN_CLASS, Text
from shared.sri.identification import RUC_PATTERN, ruc_errors
from shared.sri.taxpayer import (AGENTE_RETENCION_PATTERN, CONTRIBUYENTE_ESPECIAL_PATTERN, agente_retencion_errors,
                                 contribuyente_especial_errors)
from shared.sri.iva import OPTIONAL_IVA_RATES


@register
class CompanyUpdated(Contract):
    """A company was created or its settings changed; carries the full current state."""

    TYPE = "gateway.company_updated"
    VERSION = 1

    company_id: int = Field(description="the company (tenant) id")
    ruc: str = Field(description="13-digit RUC")
    legal_name: str = Field(description="razón social")
    trade_name: str | None = Field(None, description="nombre comercial")
    address: str | None = Field(None, description="dirección matriz")
    settings: dict[str, Any] = Field(default_factory=dict, description=(
        "obligado_contabilidad (always true for a sociedad), contribuyente_especial, agente_retencion, "
        "regimen (general|rimpe_emprendedor|rimpe_negocio_popular), sri_environment (test|production), "
        "default_series, auto_sri_submit, auto_email, timezone, enabled_iva_rates"))
    modules: list[str] = Field(default_factory=list, description="enabled modules")


# --- request bodies of the gateway's own endpoints (validated with shared.rpc.validation) ---
# Optional fields default to None without validation, so an explicit `null` on a field that
# cannot be empty is a 422 while an absent field keeps its value.

Role = Literal["owner", "admin", "seller", "cashier", "viewer"]
Module = Literal["sales", "inventory", "payments", "reports", "settings"]
ROLES: tuple[str, ...] = get_args(Role)
MODULES: tuple[str, ...] = get_args(Module)
VERBS = ("read", "write")
SCOPES = frozenset(f"{m}:{v}" for m in MODULES for v in VERBS)  # what an API key may hold
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# the same, as the schema says it: trimmed, and without the control characters Text refuses (one
# pattern, no allOf beside it: a fuzzer generates from it without filtering most values out)
_NO_CONTROL = LINE_FORBIDDEN_CLASS
EMAIL_SCHEMA_PATTERN = (f"^\\s*([^@\\s{_NO_CONTROL}]+@[^@\\s{_NO_CONTROL}]+\\.[^@\\s{_NO_CONTROL}]+)\\s*$")
_EMAIL = re.compile(EMAIL_PATTERN)


def _blank_or(pattern: str) -> str:
    """A pattern that also takes a blank string (which clears the value)."""
    return f"^\\s*({pattern[1:-1]})?\\s*$"


def _zones_pattern() -> str:
    """The time zones this machine knows, as a pattern (not an enum: `Etc/GMT+1` and `Etc/GMT-1` would
    make one name in a generated client's enum)."""
    return "^(" + "|".join(z.replace("+", "\\+") for z in sorted(available_timezones())) + ")$"


class LoginBody(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class CompanyUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    ruc: str = Field(None, json_schema_extra={"pattern": RUC_PATTERN})  # type: ignore[assignment]
    legal_name: Text = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    trade_name: Text | None = Field(None, max_length=300)
    address: Text | None = Field(None, max_length=300)
    obligado_contabilidad: bool = None  # type: ignore[assignment]
    contribuyente_especial: str | None = Field(None, max_length=13, description="resolution number (3-13 chars)",
                                               json_schema_extra={"pattern": _blank_or(CONTRIBUYENTE_ESPECIAL_PATTERN),
                                                                  "examples": ["5368"]})
    agente_retencion: str | None = Field(None, max_length=8, description="agente de retención resolution number",
                                         json_schema_extra={"pattern": _blank_or(AGENTE_RETENCION_PATTERN),
                                                                "examples": ["1"]})
    regimen: Literal["general", "rimpe_emprendedor", "rimpe_negocio_popular"] = None  # type: ignore[assignment]
    sri_environment: Literal["test", "production"] = None  # type: ignore[assignment]
    default_series: str = Field(None, pattern=SERIES_PATTERN, examples=["001-001"])  # type: ignore[assignment]
    auto_sri_submit: bool = None  # type: ignore[assignment]
    auto_email: bool = None  # type: ignore[assignment]
    timezone: str = Field(None, examples=["America/Guayaquil"],  # type: ignore[assignment]
                          json_schema_extra=lambda s: s.update(pattern=_zones_pattern()))
    enabled_iva_rates: list[int] = Field(  # type: ignore[assignment]
        None, description="IVA rates applied only by decree that the company uses: 8 (turismo), 13",
        json_schema_extra={"items": {"type": "integer", "enum": sorted(int(r) for r in OPTIONAL_IVA_RATES)}})
    modules: list[Module] = Field(  # type: ignore[assignment]
        None, description="enabled modules; settings always", json_schema_extra={"contains": {"const": "settings"}},
        examples=[list(MODULES)])

    @field_validator("ruc")
    @classmethod
    def _ruc(cls, value: str) -> str:
        errors = ruc_errors(value)
        if errors:
            raise ValueError(errors[0])
        return value

    @field_validator("contribuyente_especial", "agente_retencion")
    @classmethod
    def _resolution(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The SRI resolution numbers, by the XSD's rule (shared.sri.taxpayer); "" or null clears them."""
        value = (value or "").strip() or None
        especial = info.field_name == "contribuyente_especial"
        check = contribuyente_especial_errors if especial else agente_retencion_errors
        errors = check(value) if value is not None else []
        if errors:
            raise ValueError(errors[0])
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("La zona horaria no es válida (ej. America/Guayaquil).") from None
        return value

    @field_validator("enabled_iva_rates")
    @classmethod
    def _iva_rates(cls, value: list[int]) -> list[int]:
        optional = sorted(int(r) for r in OPTIONAL_IVA_RATES)
        if any(r not in optional for r in value):
            raise ValueError(f"Solo pueden habilitarse las tarifas de IVA {', '.join(map(str, optional))}.")
        return sorted(set(value))

    @field_validator("modules")
    @classmethod
    def _modules(cls, value: list[str]) -> list[str]:
        if "settings" not in value:
            raise ValueError("El módulo settings no puede deshabilitarse.")
        return [m for m in MODULES if m in value]


class ApiKeyCreate(BaseModel):
    name: Text = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=len(SCOPES))

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        bad = [s for s in value if s not in SCOPES]
        if bad:
            raise ValueError(f"Permiso no válido: {bad[0]} (use módulo:read o módulo:write).")
        return sorted(set(value))


class UserCreate(BaseModel):
    email: Text = Field(min_length=3, max_length=254,  # trimmed by _email
                        json_schema_extra={"pattern": EMAIL_SCHEMA_PATTERN})
    name: Text | None = Field(None, min_length=1, max_length=200)
    role: Role
    password: str | None = Field(None, min_length=8, max_length=1024)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip().lower()
        if not _EMAIL.match(value):
            raise ValueError("El campo email debe ser un correo electrónico válido.")
        return value


class UserUpdate(BaseModel):
    role: Role
