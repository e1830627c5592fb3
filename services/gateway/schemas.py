"""Bodies of the gateway's own endpoints (validated with shared.rpc.validation).

Optional fields default to None without validation, so an explicit `null` on a
field that cannot be empty is a 422 while an absent field keeps its value.
"""
from __future__ import annotations

import re
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.gateway.domain import MODULES, parse_scope, ruc_errors
from shared.contracts.gateway import CompanyUpdated

Role = Literal["owner", "admin", "seller", "cashier", "viewer"]
Module = Literal["sales", "inventory", "payments", "reports", "settings"]
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

DEFAULT_SETTINGS: dict[str, Any] = {
    "obligado_contabilidad": False,
    "contribuyente_especial": None,
    "regimen": "general",
    "sri_environment": "test",
    "default_series": "001-001",
    "auto_sri_submit": True,
    "auto_email": True,
    "timezone": "America/Guayaquil",
}
COMPANY_COLUMNS = ("ruc", "legal_name", "trade_name", "address", "modules")


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


def merge_company(current: dict[str, Any], changes: CompanyUpdate) -> dict[str, Any]:
    """The company's full new state: current values overridden by the fields sent."""
    sent = changes.model_dump(exclude_unset=True)
    values = {k: sent.get(k, current[k]) for k in COMPANY_COLUMNS}
    settings = {**DEFAULT_SETTINGS, **(current.get("settings") or {})}
    values["settings"] = {**settings, **{k: v for k, v in sent.items() if k in DEFAULT_SETTINGS}}
    return values


def company_out(row: Any) -> dict[str, Any]:
    """A company as the API shows it (and as the company_updated event carries it)."""
    return {"id": row["id"], "ruc": row["ruc"], "legal_name": row["legal_name"], "trade_name": row["trade_name"],
            "address": row["address"], "settings": {**DEFAULT_SETTINGS, **(row["settings"] or {})},
            "modules": list(row["modules"])}


def company_updated(row: Any) -> CompanyUpdated:
    state = company_out(row)
    return CompanyUpdated(company_id=state.pop("id"), **state)


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=len(MODULES) * 2)

    @field_validator("scopes")
    @classmethod
    def _scopes(cls, value: list[str]) -> list[str]:
        bad = [s for s in value if parse_scope(s) is None]
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
