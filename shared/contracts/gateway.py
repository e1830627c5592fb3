"""Contracts owned by the gateway (companies, users, keys): its event and its request bodies."""
from __future__ import annotations

import re
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.contracts.envelope import Contract
from shared.contracts.registry import register
from shared.sri.identification import ruc_errors


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
        "obligado_contabilidad, contribuyente_especial, regimen, sri_environment (test|production), "
        "default_series, auto_sri_submit, auto_email, timezone"))
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
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class LoginBody(BaseModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class CompanyUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")
    ruc: str = None  # type: ignore[assignment]
    legal_name: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    trade_name: str | None = Field(None, max_length=300)
    address: str | None = Field(None, max_length=300)
    obligado_contabilidad: bool = None  # type: ignore[assignment]
    contribuyente_especial: str | None = Field(None, max_length=13)
    regimen: Literal["general", "rimpe_emprendedor", "rimpe_negocio_popular"] = None  # type: ignore[assignment]
    sri_environment: Literal["test", "production"] = None  # type: ignore[assignment]
    default_series: str = Field(None, pattern=r"^\d{3}-\d{3}$")  # type: ignore[assignment]
    auto_sri_submit: bool = None  # type: ignore[assignment]
    auto_email: bool = None  # type: ignore[assignment]
    timezone: str = None  # type: ignore[assignment]
    modules: list[Module] = None  # type: ignore[assignment]

    @field_validator("ruc")
    @classmethod
    def _ruc(cls, value: str) -> str:
        errors = ruc_errors(value)
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

    @field_validator("modules")
    @classmethod
    def _modules(cls, value: list[str]) -> list[str]:
        if "settings" not in value:
            raise ValueError("El módulo settings no puede deshabilitarse.")
        return [m for m in MODULES if m in value]


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=len(SCOPES))

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        bad = [s for s in value if s not in SCOPES]
        if bad:
            raise ValueError(f"Permiso no válido: {bad[0]} (use módulo:read o módulo:write).")
        return sorted(set(value))


class UserCreate(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    name: str | None = Field(None, min_length=1, max_length=200)
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
