"""Ecuadorian cédula and RUC: shape, province, third digit and check digit.

The published algorithms, exactly as the gateway and the documents service apply them
today (SRI.md names the identification types, FT Tabla 6, but not these algorithms):

- cédula: 10 ASCII digits; province (digits 1-2) 01-24 or 30; third digit 0-5;
  check digit (10th) by módulo 10: coefficients 2,1,2,1,... over the first nine,
  a product above 9 loses 9, check = (10 - sum % 10) % 10.
- RUC: 13 ASCII digits ending in 001, province as above, then by the third digit:
  - 0-5 natural person: the first ten digits are a valid cédula (módulo 10);
  - 9 sociedad privada: módulo 11, weights 4,3,2,7,6,5,4,3,2 over digits 1-9,
    check digit = 10th;
  - 6 sociedad pública: módulo 11, weights 3,2,7,6,5,4,3,2 over digits 1-8,
    check digit = 9th, followed by 0001;
  - 7 and 8 are refused.
  Módulo 11: r = sum % 11; check = 0 if r == 0 else 11 - r; 10 (r == 1) is impossible.

API:
    is_valid_cedula(value) -> bool
    is_valid_ruc(value) -> bool
    cedula_problem(value) -> str | None     None | "length" | "province" | "third_digit" | "check_digit"
    ruc_problem(value) -> str | None        None | "length" | "suffix" | "province" | "third_digit"
                                            | "natural_check_digit" | "check_digit"
    cedula_errors(value, messages=CEDULA_MESSAGES) -> list[str]   [] or one Spanish message
    ruc_errors(value, messages=RUC_MESSAGES) -> list[str]         [] or one Spanish message
    taxpayer_kind(ruc) -> "natural" | "sociedad_privada" | "publica"   (third digit; ValueError on 7/8)
    is_sociedad(ruc) -> bool                 third digit 6 or 9
    province_ok(two_digits) -> bool, cedula_check_digit(first_nine) -> int,
    modulo11_check_digit(digits, weights) -> int | None, PRIVATE_WEIGHTS, PUBLIC_WEIGHTS

Messages: RUC_MESSAGES are the gateway's texts; CEDULA_MESSAGES the documents
service's. A caller that words a problem differently passes its own mapping, e.g.
`ruc_errors(v, {**RUC_MESSAGES, "natural_check_digit": "..."})`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

__all__ = [
    "CEDULA_MESSAGES", "CEDULA_PATTERN", "PROVINCE_PATTERN", "RUC_PATTERN",
    "PRIVATE_WEIGHTS", "PUBLIC_WEIGHTS", "RUC_MESSAGES", "TaxpayerKind", "cedula_check_digit",
    "cedula_errors", "cedula_problem", "is_sociedad", "is_valid_cedula", "is_valid_ruc", "modulo11_check_digit",
    "province_ok", "ruc_errors", "ruc_problem", "taxpayer_kind",
]

TaxpayerKind = Literal["natural", "sociedad_privada", "publica"]
PRIVATE_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)  # sociedad privada, digits 1-9
PUBLIC_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)      # sociedad pública, digits 1-8
_CEDULA = re.compile(r"[0-9]{10}")
_RUC = re.compile(r"[0-9]{13}")
# the same rules but the check digits, as JSON Schema patterns (a cédula: province, third digit 0-5;
# a RUC: province, third digit 0-5, 9, or 6 followed by 0001 at the end, ending in 001)
PROVINCE_PATTERN = "(0[1-9]|1[0-9]|2[0-4]|30)"
CEDULA_PATTERN = f"^{PROVINCE_PATTERN}[0-5][0-9]{{7}}$"
RUC_PATTERN = f"^{PROVINCE_PATTERN}([0-59][0-9]{{7}}|6[0-9]{{6}}0)001$"

CEDULA_MESSAGES: Mapping[str, str] = {
    "length": "La cédula debe tener 10 dígitos.",
    "province": "Los dos primeros dígitos de la cédula no corresponden a una provincia.",
    "third_digit": "El tercer dígito de la cédula debe ser menor que 6.",
    "check_digit": "El dígito verificador de la cédula no es válido.",
}
RUC_MESSAGES: Mapping[str, str] = {
    "length": "El RUC debe tener 13 dígitos.",
    "suffix": "El RUC debe terminar en 001.",
    "province": "El código de provincia del RUC no es válido.",
    "third_digit": "El tercer dígito del RUC no es válido.",
    "natural_check_digit": "El dígito verificador del RUC no es válido.",
    "check_digit": "El dígito verificador del RUC no es válido.",
}


def province_ok(digits: str) -> bool:
    """Two digits naming a province: 01-24, or 30 (Ecuadorians registered abroad)."""
    return len(digits) == 2 and digits.isascii() and digits.isdigit() and (1 <= int(digits) <= 24 or digits == "30")


def cedula_check_digit(first_nine: str) -> int:
    """Módulo 10 over nine digits: coefficients 2,1,2,1,...; a product above 9 loses 9."""
    total = 0
    for i, ch in enumerate(first_nine):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def modulo11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """Módulo 11 of a company RUC; None when no digit is possible (remainder 1 gives 10)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return None if check == 10 else check


def cedula_problem(value: str) -> str | None:
    """What is wrong with a cédula (the first problem found), None when valid."""
    if not _CEDULA.fullmatch(value):
        return "length"
    if not province_ok(value[:2]):
        return "province"
    if int(value[2]) >= 6:
        return "third_digit"
    return None if cedula_check_digit(value[:9]) == int(value[9]) else "check_digit"


def ruc_problem(value: str) -> str | None:
    """What is wrong with a RUC (the first problem found), None when valid."""
    if not _RUC.fullmatch(value):
        return "length"
    if not value.endswith("001"):
        return "suffix"
    if not province_ok(value[:2]):
        return "province"
    third = int(value[2])
    if third < 6:
        return None if cedula_check_digit(value[:9]) == int(value[9]) else "natural_check_digit"
    if third == 9:
        ok = modulo11_check_digit(value[:9], PRIVATE_WEIGHTS) == int(value[9])
    elif third == 6:
        ok = modulo11_check_digit(value[:8], PUBLIC_WEIGHTS) == int(value[8]) and value[9:] == "0001"
    else:
        return "third_digit"
    return None if ok else "check_digit"


def is_valid_cedula(value: str) -> bool:
    return isinstance(value, str) and cedula_problem(value) is None


def is_valid_ruc(value: str) -> bool:
    return isinstance(value, str) and ruc_problem(value) is None


def cedula_errors(value: str, messages: Mapping[str, str] = CEDULA_MESSAGES) -> list[str]:
    """[] when valid, else one Spanish message (documents service texts by default)."""
    problem = cedula_problem(value)
    return [] if problem is None else [messages[problem]]


def ruc_errors(value: str, messages: Mapping[str, str] = RUC_MESSAGES) -> list[str]:
    """[] when valid, else one Spanish message (gateway texts by default)."""
    problem = ruc_problem(value)
    return [] if problem is None else [messages[problem]]


def taxpayer_kind(ruc: str) -> TaxpayerKind:
    """By the third digit: 0-5 natural, 9 sociedad_privada, 6 publica (ValueError otherwise).
    Only reads the digit; validate the RUC first."""
    third = ruc[2:3]
    if third in ("0", "1", "2", "3", "4", "5"):
        return "natural"
    if third == "9":
        return "sociedad_privada"
    if third == "6":
        return "publica"
    raise ValueError(f"third digit {third!r} names no taxpayer kind")


def is_sociedad(ruc: str) -> bool:
    """True for a company RUC (third digit 6 or 9)."""
    return ruc[2:3] in ("6", "9")
