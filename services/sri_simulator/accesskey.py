"""The 49-digit access key: structure and modulo-11 check digit (SRI.md section 1)."""
from __future__ import annotations

from dataclasses import dataclass

KEY_LENGTH = 49


def check_digit(first48: str) -> int:
    """Modulo 11 with weights 2..7 from the right; 11 -> 0 and 10 -> 1."""
    total = sum(int(d) * (2 + i % 6) for i, d in enumerate(reversed(first48)))
    r = 11 - total % 11
    return 0 if r == 11 else 1 if r == 10 else r


def is_well_formed(key: str | None) -> bool:
    return bool(key) and len(key) == KEY_LENGTH and key.isascii() and key.isdigit()


def has_valid_check_digit(key: str) -> bool:
    return is_well_formed(key) and check_digit(key[:48]) == int(key[48])


@dataclass(frozen=True)
class KeyParts:
    fecha: str        # ddmmyyyy
    cod_doc: str
    ruc: str
    ambiente: str
    estab: str
    pto_emi: str
    secuencial: str
    codigo_numerico: str
    tipo_emision: str


def split(key: str) -> KeyParts:
    return KeyParts(fecha=key[0:8], cod_doc=key[8:10], ruc=key[10:23], ambiente=key[23],
                    estab=key[24:27], pto_emi=key[27:30], secuencial=key[30:39],
                    codigo_numerico=key[39:47], tipo_emision=key[47])


def structure_errors(key: str) -> list[str]:
    """Why the key itself is malformed (empty when it is well formed)."""
    if not is_well_formed(key):
        return [f"la clave de acceso debe tener {KEY_LENGTH} digitos"]
    errors = []
    if not has_valid_check_digit(key):
        errors.append(f"digito verificador incorrecto: se esperaba {check_digit(key[:48])}")
    if split(key).tipo_emision != "1":
        errors.append("tipo de emision debe ser 1")
    return errors
