"""SRI catalogue codes as the XML uses them (the tables themselves are in shared/sri/catalogues)."""
from __future__ import annotations

from shared.contracts.sri import SriTax
from shared.sri.catalogues import IVA, iva_code

DOC_VERSIONS = {"invoice": "1.1.0", "credit_note": "1.1.0", "debit_note": "1.0.0"}
ROOT_TAGS = {"invoice": "factura", "credit_note": "notaCredito", "debit_note": "notaDebito"}


class UnknownTaxError(ValueError):
    """A tax the SRI catalog has no code for (message in Spanish)."""


def percentage_code(tax: SriTax) -> str:
    """codigoPorcentaje of a tax: explicit, or derived from the IVA rate/exemption."""
    if tax.percentage_code:
        return tax.percentage_code
    if tax.code != IVA:
        raise UnknownTaxError(f"El impuesto {tax.code} necesita su código de porcentaje del SRI.")
    if tax.exemption is not None and tax.rate != 0:
        raise UnknownTaxError("Un ítem exento o no objeto de IVA debe tener tarifa 0%.")
    code = iva_code(tax.rate, tax.exemption)  # by value: 15 == 15.00
    if code is None:
        raise UnknownTaxError(f"La tarifa de IVA {tax.rate}% no existe en el catálogo del SRI.")
    return code
