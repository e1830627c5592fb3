"""The issuer's tax standing as the SRI writes it in a comprobante, defined once.

The gateway validates the company settings with these rules and the sri_submitter's
snapshot contract (`shared.contracts.sri.SriIssuer`) validates the XML's values with the
same ones, so a setting the API accepts is one the XSD accepts.

- `contribuyenteEspecial` (infoFactura / infoNotaCredito / infoNotaDebito): XSD type
  `contribuyenteEspecial` of factura 1.1.0, notaCredito 1.1.0 and notaDebito 1.0.0:
  pattern `([A-Za-z0-9])*`, minLength 3, maxLength 13 (the resolution number).
- `agenteRetencion` (infoTributaria): XSD `[0-9]+`, maxLength 8; FT Anexo 21: the
  resolution number, digits only, no leading zeros (SRI.md §3).
- `contribuyenteRimpe` (infoTributaria): XSD pattern
  `CONTRIBUYENTE (NEGOCIO POPULAR - )?RÉGIMEN RIMPE`, FT Anexo 22 (SRI.md §3).
- `obligadoContabilidad`: every sociedad (RUC third digit 6 or 9) keeps accounts
  (Ley de Régimen Tributario Interno, art. 19), so it is always `SI` for them.

API:
    CONTRIBUYENTE_ESPECIAL_PATTERN, AGENTE_RETENCION_PATTERN   regular expressions (full match)
    RIMPE_LEGENDS: dict[str, str]         company `regimen` -> contribuyenteRimpe text
    contribuyente_especial_errors(value) -> list[str]   [] or one Spanish message
    agente_retencion_errors(value) -> list[str]         [] or one Spanish message
    keeps_accounts(ruc, setting) -> bool  the obligadoContabilidad to write
"""
from __future__ import annotations

import re

from shared.sri.identification import is_sociedad

__all__ = ["AGENTE_RETENCION_PATTERN", "CONTRIBUYENTE_ESPECIAL_PATTERN", "RIMPE_LEGENDS", "SOCIEDAD_KEEPS_ACCOUNTS",
           "agente_retencion_errors", "contribuyente_especial_errors", "keeps_accounts"]

CONTRIBUYENTE_ESPECIAL_PATTERN = r"^[A-Za-z0-9]{3,13}$"  # XSD contribuyenteEspecial
AGENTE_RETENCION_PATTERN = r"^[1-9][0-9]{0,7}$"          # XSD agenteRetencion + FT Anexo 21 (no leading zeros)
RIMPE_LEGENDS: dict[str, str] = {
    "rimpe_emprendedor": "CONTRIBUYENTE RÉGIMEN RIMPE",                    # FT Anexo 22
    "rimpe_negocio_popular": "CONTRIBUYENTE NEGOCIO POPULAR - RÉGIMEN RIMPE",  # FT Anexo 22
}
SOCIEDAD_KEEPS_ACCOUNTS = ("Una sociedad (RUC con tercer dígito 6 o 9) está obligada a llevar contabilidad; "
                           "obligado_contabilidad no puede ser false.")


def contribuyente_especial_errors(value: str) -> list[str]:
    if re.fullmatch(CONTRIBUYENTE_ESPECIAL_PATTERN, value):
        return []
    return ["El número de resolución de contribuyente especial debe tener de 3 a 13 letras o dígitos, "
            "sin espacios ni símbolos."]


def agente_retencion_errors(value: str) -> list[str]:
    if re.fullmatch(AGENTE_RETENCION_PATTERN, value):
        return []
    return ["El número de resolución de agente de retención debe tener de 1 a 8 dígitos, sin ceros a la izquierda."]


def keeps_accounts(ruc: str, setting: bool | None) -> bool:
    """obligadoContabilidad: the company's setting, always True for a sociedad."""
    return bool(setting) or is_sociedad(ruc)
