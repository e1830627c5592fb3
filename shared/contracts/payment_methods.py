"""Payment methods as integrators name them, and the SRI `formaPago` each one is (FT Tabla 24): ONE table.

A method is matched without case, accents, separators or the words de/del/con
(`Tarjeta de Crédito` = `tarjeta_credito`); an SRI code of `PAYMENT_FORMS` (`"19"`) is
accepted as itself. `credito` is a sale on credit, not a payment: no money moves at issue,
so it has no code of its own; the balance goes to the SRI as the money that will pay it
(`01` up to USD 1,000, else `20`, the financial system) with its `plazo` in days.

API:
    PAYMENT_METHODS: dict[str, str]     method key -> formaPago code, or ON_CREDIT
    ON_CREDIT: str                      the value of a sale on credit
    method_key(name) -> str             `Tarjeta de Crédito` -> `tarjeta_credito`
    payment_form(name) -> str | None    code or ON_CREDIT; None when unknown (or absent)
    check_method(name) -> str           the name, or ValueError (Spanish) when unknown
"""
from __future__ import annotations

import re
import unicodedata

from shared.sri.catalogues import PAYMENT_FORMS

__all__ = ["ON_CREDIT", "PAYMENT_METHODS", "check_method", "method_key", "payment_form"]

ON_CREDIT = "credit"
PAYMENT_METHODS: dict[str, str] = {
    "efectivo": "01", "cash": "01", "sin_sistema_financiero": "01",
    "compensacion": "15", "compensacion_deudas": "15",
    "tarjeta_debito": "16", "debito": "16", "debit_card": "16",
    "dinero_electronico": "17",
    "tarjeta_prepago": "18", "prepago": "18",
    "tarjeta_credito": "19", "tarjeta": "19", "credit_card": "19",
    "transferencia": "20", "transferencia_bancaria": "20", "deposito": "20", "deposito_bancario": "20",
    "cheque": "20", "otros": "20", "sistema_financiero": "20", "otros_utilizacion_sistema_financiero": "20",
    "endoso": "21", "endoso_titulos": "21",
    "credito": ON_CREDIT, "a_credito": ON_CREDIT, "venta_credito": ON_CREDIT, "venta_a_credito": ON_CREDIT,
    "credit": ON_CREDIT,
}
_WORDS = re.compile(r"[\s_-]+")
_SKIPPED = frozenset({"de", "del", "con"})


def method_key(name: str | None) -> str:
    """`Tarjeta de Crédito` -> `tarjeta_credito`."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return "_".join(w for w in _WORDS.split(plain) if w and w not in _SKIPPED)


def payment_form(name: str | None) -> str | None:
    """The formaPago code of a method name or SRI code, ON_CREDIT for a sale on credit, None if unknown."""
    stripped = (name or "").strip()
    if stripped in PAYMENT_FORMS:
        return stripped
    return PAYMENT_METHODS.get(method_key(stripped))


def check_method(name: str) -> str:
    """A request's payment method, unchanged; ValueError with the accepted names when unknown."""
    if payment_form(name) is None:
        raise ValueError(f"La forma de pago {name} no es válida. Use efectivo, transferencia, cheque, "
                         "tarjeta_credito, tarjeta_debito, tarjeta_prepago, dinero_electronico, compensacion, "
                         "endoso, credito (venta a crédito) o un código de forma de pago del SRI "
                         f"({', '.join(PAYMENT_FORMS)}).")
    return name
