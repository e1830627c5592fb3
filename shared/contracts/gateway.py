"""Contracts owned by the gateway (companies, users, keys)."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from shared.contracts.envelope import Contract
from shared.contracts.registry import register


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
