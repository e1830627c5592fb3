"""SRI catalog codes used in the XML (FT tables quoted in SRI.md §3)."""
from __future__ import annotations

from decimal import Decimal

from shared.contracts.sri import SriTax

DOC_VERSIONS = {"invoice": "1.1.0", "credit_note": "1.1.0", "debit_note": "1.0.0"}
ROOT_TAGS = {"invoice": "factura", "credit_note": "notaCredito", "debit_note": "notaDebito"}

# FT Tabla 6
IDENTIFICATION_TYPES = {"ruc": "04", "cedula": "05", "pasaporte": "06", "consumidor_final": "07", "exterior": "08"}
FINAL_CONSUMER_ID = "9999999999999"
FINAL_CONSUMER_NAME = "CONSUMIDOR FINAL"

IVA = "2"
# FT Tabla 17: IVA rate (percent) -> codigoPorcentaje
IVA_RATE_CODES = {Decimal("0"): "0", Decimal("12"): "2", Decimal("14"): "3", Decimal("15"): "4",
                  Decimal("5"): "5", Decimal("8"): "8", Decimal("13"): "10"}
IVA_EXEMPTION_CODES = {"no_objeto": "6", "exento": "7"}


class UnknownTaxError(ValueError):
    """A tax the SRI catalog has no code for (message in Spanish)."""


def percentage_code(tax: SriTax) -> str:
    """codigoPorcentaje of a tax: explicit, or derived from the IVA rate/exemption."""
    if tax.percentage_code:
        return tax.percentage_code
    if tax.code != IVA:
        raise UnknownTaxError(f"El impuesto {tax.code} necesita su código de porcentaje del SRI.")
    if tax.exemption is not None:
        if tax.rate != 0:
            raise UnknownTaxError("Un ítem exento o no objeto de IVA debe tener tarifa 0%.")
        return IVA_EXEMPTION_CODES[tax.exemption]
    code = IVA_RATE_CODES.get(tax.rate)  # Decimal hashes by value: 15 == 15.00
    if code is None:
        raise UnknownTaxError(f"La tarifa de IVA {tax.rate}% no existe en el catálogo del SRI.")
    return code
