"""A company's settings: defaults, what an update changes, and how the API and the event show it."""
from __future__ import annotations

from typing import Any

from shared.contracts.gateway import CompanyUpdate, CompanyUpdated

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
