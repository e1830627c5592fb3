"""A company's settings: defaults, what an update changes, and how the API and the event show it."""
from __future__ import annotations

from typing import Any

from shared.contracts.gateway import CompanyUpdate, CompanyUpdated
from shared.contracts.rpc import Unprocessable
from shared.sri.identification import is_sociedad
from shared.sri.taxpayer import SOCIEDAD_KEEPS_ACCOUNTS, keeps_accounts

DEFAULT_SETTINGS: dict[str, Any] = {
    "obligado_contabilidad": False,
    "contribuyente_especial": None,
    "agente_retencion": None,  # resolution number of an agente de retención (XML agenteRetencion)
    "regimen": "general",
    "sri_environment": "test",
    "default_series": "001-001",
    "auto_sri_submit": True,
    "auto_email": True,
    "timezone": "America/Guayaquil",
    "enabled_iva_rates": [],  # decree rates the company applies (shared.sri.iva: 8, 13)
}
COMPANY_COLUMNS = ("ruc", "legal_name", "trade_name", "address", "modules")


def merge_company(current: dict[str, Any], changes: CompanyUpdate) -> dict[str, Any]:
    """The company's full new state: current values overridden by the fields sent. A sociedad
    always keeps accounts: sending obligado_contabilidad false for one is a 422."""
    sent = changes.model_dump(exclude_unset=True)
    values = {k: sent.get(k, current[k]) for k in COMPANY_COLUMNS}
    if is_sociedad(values["ruc"]) and sent.get("obligado_contabilidad") is False:
        raise Unprocessable({"obligado_contabilidad": [SOCIEDAD_KEEPS_ACCOUNTS]})
    settings = {**(current.get("settings") or {}), **{k: v for k, v in sent.items() if k in DEFAULT_SETTINGS}}
    values["settings"] = shown_settings(values["ruc"], settings)
    return values


def shown_settings(ruc: str, stored: dict[str, Any] | None) -> dict[str, Any]:
    """Every setting (defaults filled in); obligado_contabilidad true for a sociedad."""
    settings = {**DEFAULT_SETTINGS, **(stored or {})}
    return {**settings, "obligado_contabilidad": keeps_accounts(ruc, settings["obligado_contabilidad"])}


def company_out(row: Any) -> dict[str, Any]:
    """A company as the API shows it (and as the company_updated event carries it)."""
    return {"id": row["id"], "ruc": row["ruc"], "legal_name": row["legal_name"], "trade_name": row["trade_name"],
            "address": row["address"], "settings": shown_settings(row["ruc"], row["settings"]),
            "modules": list(row["modules"])}


def company_updated(row: Any) -> CompanyUpdated:
    state = company_out(row)
    return CompanyUpdated(company_id=state.pop("id"), **state)
