"""The 49-digit clave de acceso (SRI.md §1): layout, modulo-11 check digit, parsing.

The key is built once per document and persisted by the caller: a rejected document
is fixed and resent with the same key, so it must never be regenerated.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from shared.sri.catalogues import DOC_CODES, EMISSION_TYPE, ENVIRONMENTS

LENGTH = 49


class AccessKeyError(ValueError):
    """A key that cannot be built or parsed (message in Spanish)."""


@dataclass(frozen=True)
class AccessKey:
    """The fields a key encodes."""

    issue_date: date
    doc_code: str
    ruc: str
    environment: str  # "1" pruebas, "2" producción
    establishment: str
    emission_point: str
    sequential: int
    numeric_code: str
    emission_type: str
    check_digit: int

    @property
    def series(self) -> str:
        return self.establishment + self.emission_point


def check_digit(digits: str) -> int:
    """Modulo 11 over `digits`, weights 2..7 from the right; 11 -> 0 and 10 -> 1."""
    if not digits.isdigit():
        raise AccessKeyError("La clave de acceso solo puede contener dígitos.")
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(digits)))
    result = 11 - total % 11
    return {11: 0, 10: 1}.get(result, result)


def random_numeric_code() -> str:
    """Eight digits chosen by the issuer (OCA uses a random 1..99999999)."""
    return f"{secrets.randbelow(99_999_999) + 1:08d}"


def build(*, issue_date: date, doc_type: str, ruc: str, environment: str, establishment: str,
          emission_point: str, sequential: int, numeric_code: str | None = None) -> str:
    """The full key; `doc_type` is invoice/credit_note/debit_note or a 2-digit codDoc,
    `environment` test/production or 1/2; a random numeric code when none is given."""
    doc_code = DOC_CODES.get(doc_type, doc_type)
    env = ENVIRONMENTS.get(environment, environment)
    code = numeric_code if numeric_code is not None else random_numeric_code()
    _require(_digits(doc_code, 2), "El tipo de comprobante no es válido.")
    _require(_digits(ruc, 13) and ruc.endswith("001"), "El RUC del emisor no es válido.")
    _require(env in ("1", "2"), "El ambiente debe ser pruebas (1) o producción (2).")
    _require(_digits(establishment, 3) and _digits(emission_point, 3), "La serie debe tener 3+3 dígitos.")
    _require(0 < sequential <= 999_999_999, "El secuencial debe estar entre 1 y 999999999.")
    _require(_digits(code, 8), "El código numérico debe tener 8 dígitos.")
    body = (f"{issue_date:%d%m%Y}{doc_code}{ruc}{env}{establishment}{emission_point}"
            f"{sequential:09d}{code}{EMISSION_TYPE}")
    return body + str(check_digit(body))


def is_valid(key: str) -> bool:
    """49 digits whose last one is the modulo-11 digit of the others, with a real date."""
    try:
        parse(key)
    except AccessKeyError:
        return False
    return True


def parse(key: str) -> AccessKey:
    """Split a key into its fields, checking length, digits, date and check digit."""
    if not isinstance(key, str) or len(key) != LENGTH or not key.isdigit():
        raise AccessKeyError("La clave de acceso debe tener 49 dígitos.")
    if check_digit(key[:48]) != int(key[48]):
        raise AccessKeyError("El dígito verificador de la clave de acceso no es correcto.")
    try:
        issued = date(int(key[4:8]), int(key[2:4]), int(key[0:2]))
    except ValueError:
        raise AccessKeyError("La fecha de la clave de acceso no es válida.") from None
    return AccessKey(issue_date=issued, doc_code=key[8:10], ruc=key[10:23], environment=key[23],
                     establishment=key[24:27], emission_point=key[27:30], sequential=int(key[30:39]),
                     numeric_code=key[39:47], emission_type=key[47], check_digit=int(key[48]))


def _digits(value: str, size: int) -> bool:
    return len(value) == size and value.isdigit()


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise AccessKeyError(message)
