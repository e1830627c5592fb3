"""Customer rules (pure, no I/O): identification per type, consumidor final defaults, codes.

The SRI's identification types and the cédula / RUC check digits are the SRI's
published data (shared.sri); documents words two RUC problems its own way.
pasaporte / exterior: free identifiers of up to 20 characters (SRI field limit).
"""
from __future__ import annotations

import re

from shared.sri.catalogues import FINAL_CONSUMER_ID, FINAL_CONSUMER_NAME
from shared.sri.identification import RUC_MESSAGES as SRI_RUC_MESSAGES
from shared.sri.identification import cedula_errors, ruc_errors

CODE_PREFIX = "CLI-"
RUC_MESSAGES = {**SRI_RUC_MESSAGES,
                "province": "Los dos primeros dígitos del RUC no corresponden a una provincia.",
                "natural_check_digit": "El RUC de persona natural no contiene una cédula válida."}
_FOREIGN_ID = re.compile(r"^[A-Za-z0-9-]{3,20}$")


def identification_errors(identification_type: str, identification: str) -> list[str]:
    """Spanish reasons why the identification is not valid for its type (empty: valid)."""
    if identification_type == "cedula":
        return cedula_errors(identification)
    if identification_type == "ruc":
        return ruc_errors(identification, RUC_MESSAGES)
    if identification_type == "consumidor_final":
        ok = identification == FINAL_CONSUMER_ID
        return [] if ok else [f"La identificación de consumidor final es {FINAL_CONSUMER_ID}."]
    if not _FOREIGN_ID.match(identification):
        return ["La identificación debe tener de 3 a 20 letras, dígitos o guiones."]
    return []


def customer_errors(fields: dict) -> dict[str, list[str]]:
    """Errors by field of a complete customer (after defaults); empty when valid."""
    errors: dict[str, list[str]] = {}
    if not fields.get("identification_type"):
        return {"identification_type": ["El campo identification_type es obligatorio."]}
    if not fields.get("name"):
        errors["name"] = ["El campo name es obligatorio."]
    identification = fields.get("identification")
    if not identification:
        errors["identification"] = ["El campo identification es obligatorio."]
    else:
        reasons = identification_errors(fields["identification_type"], identification)
        if reasons:
            errors["identification"] = reasons
    return errors


def with_defaults(fields: dict) -> dict:
    """Consumidor final needs neither identification nor name: the SRI's are used."""
    if fields.get("identification_type") != "consumidor_final":
        return fields
    return {**fields, "identification": fields.get("identification") or FINAL_CONSUMER_ID,
            "name": fields.get("name") or FINAL_CONSUMER_NAME}


def customer_code(sequence: int) -> str:
    """1 -> CLI-0001 (more digits once past 9999)."""
    return f"{CODE_PREFIX}{sequence:04d}"
