"""Customer rules of the SRI (pure, no I/O): identification types and check digits.

- cédula: 10 digits; province 01-24 or 30; third digit < 6; modulo-10 check digit.
- RUC: 13 digits ending in 001. Third digit < 6: natural person (a valid cédula +
  001); 9: private company (modulo 11, weights 4,3,2,7,6,5,4,3,2, check digit 10th);
  6: public entity (modulo 11, weights 3,2,7,6,5,4,3,2, check digit 9th, then 0001).
- consumidor final: always 9999999999999, named CONSUMIDOR FINAL by default.
- pasaporte / exterior: free identifiers of up to 20 characters (SRI field limit).
"""
from __future__ import annotations

import re

IDENTIFICATION_TYPES = ("ruc", "cedula", "pasaporte", "consumidor_final", "exterior")
SRI_IDENTIFICATION_CODES = {"ruc": "04", "cedula": "05", "pasaporte": "06", "consumidor_final": "07",
                            "exterior": "08"}
FINAL_CONSUMER_ID = "9999999999999"
FINAL_CONSUMER_NAME = "CONSUMIDOR FINAL"
CODE_PREFIX = "CLI-"

_PRIVATE_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)
_PUBLIC_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_FOREIGN_ID = re.compile(r"^[A-Za-z0-9-]{3,20}$")


def province_ok(digits: str) -> bool:
    return digits.isdigit() and (1 <= int(digits) <= 24 or int(digits) == 30)


def cedula_check_digit(first_nine: str) -> int:
    """Modulo 10: coefficients 2,1,2,1,...; products above 9 lose 9."""
    total = 0
    for i, ch in enumerate(first_nine):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def modulo11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """Modulo 11 of the RUC of companies; None when no digit is possible (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def cedula_errors(value: str) -> list[str]:
    if not re.fullmatch(r"[0-9]{10}", value):
        return ["La cédula debe tener 10 dígitos."]
    if not province_ok(value[:2]):
        return ["Los dos primeros dígitos de la cédula no corresponden a una provincia."]
    if int(value[2]) >= 6:
        return ["El tercer dígito de la cédula debe ser menor que 6."]
    if cedula_check_digit(value[:9]) != int(value[9]):
        return ["El dígito verificador de la cédula no es válido."]
    return []


def ruc_errors(value: str) -> list[str]:
    if not re.fullmatch(r"[0-9]{13}", value):
        return ["El RUC debe tener 13 dígitos."]
    if not value.endswith("001"):
        return ["El RUC debe terminar en 001."]
    if not province_ok(value[:2]):
        return ["Los dos primeros dígitos del RUC no corresponden a una provincia."]
    third = int(value[2])
    if third < 6:
        return [] if not cedula_errors(value[:10]) else ["El RUC de persona natural no contiene una cédula válida."]
    if third == 9:
        ok = modulo11_check_digit(value[:9], _PRIVATE_WEIGHTS) == int(value[9])
    elif third == 6:
        ok = modulo11_check_digit(value[:8], _PUBLIC_WEIGHTS) == int(value[8]) and value[9:] == "0001"
    else:
        return ["El tercer dígito del RUC no es válido."]
    return [] if ok else ["El dígito verificador del RUC no es válido."]


def identification_errors(identification_type: str, identification: str) -> list[str]:
    """Spanish reasons why the identification is not valid for its type (empty: valid)."""
    if identification_type == "cedula":
        return cedula_errors(identification)
    if identification_type == "ruc":
        return ruc_errors(identification)
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
