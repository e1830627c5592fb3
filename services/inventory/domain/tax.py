"""A product's IVA (pure): a rate in percent and, at 0 %, optionally an exemption kind;
together they map to the SRI's `codigoPorcentaje` (shared.sri.catalogues, FT Tabla 17)."""
from __future__ import annotations

from decimal import Decimal

from shared.sri.catalogues import GENERAL_IVA_RATE, IVA_RATE_CODES


def tax_defaults(fields: dict) -> dict:
    """No rate given: 0 % for an exemption, else the general rate."""
    if fields.get("tax_rate") is not None:
        return fields
    return {**fields, "tax_rate": Decimal(0) if fields.get("tax_exemption") else GENERAL_IVA_RATE}


def tax_errors(tax_rate: Decimal, exemption: str | None) -> dict[str, list[str]]:
    if Decimal(tax_rate) not in IVA_RATE_CODES:
        allowed = ", ".join(str(r) for r in sorted(IVA_RATE_CODES))
        return {"tax_rate": [f"La tarifa de IVA {tax_rate} no es válida. Tarifas permitidas: {allowed}."]}
    if exemption is not None and tax_rate != 0:
        return {"tax_exemption": ["La exención de IVA solo aplica con tarifa 0."]}
    return {}
