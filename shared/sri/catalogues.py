"""SRI code tables (Ficha Técnica, offline scheme, v2.32), as restated in spec SRI.md.

Pure data plus one lookup; each row names the FT table it comes from. Keys that are
our own names (invoice, ruc, no_objeto, test...) are the spellings the services and
the contracts already use, so a service switches by changing its import.

API (all codes are strings, exactly as written in the XML):
    IVA, ICE, IRBPNR: str                 tax `codigo` (FT Tabla 16); TAX_CODES code -> name
    IVA_RATE_CODES: dict[Decimal, str]    IVA percent -> codigoPorcentaje (FT Tabla 17)
    IVA_EXEMPTION_CODES: dict[str, str]   "no_objeto" -> "6", "exento" -> "7" (Tabla 17)
    iva_code(rate, exemption=None) -> str | None
    GENERAL_IVA_RATE: Decimal             15, the general rate since 2024
    IDENTIFICATION_TYPES: dict[str, str]  "ruc" -> "04" ... (FT Tabla 6)
    FINAL_CONSUMER_ID, FINAL_CONSUMER_NAME, FINAL_CONSUMER_LIMIT (FT Tabla 6, FT 9.10)
    DOCUMENT_TYPES: dict[str, str]        codDoc -> Spanish name (FT Tabla 3)
    DOC_CODES: dict[str, str]             "invoice" -> "01", "credit_note" -> "04", ...
    PAYMENT_FORMS: dict[str, str]         formaPago -> Spanish name (FT Tabla 24)
    ENVIRONMENTS: dict[str, str]          "test" -> "1", "production" -> "2" (FT Tabla 1)
    ENVIRONMENT_NAMES: dict[str, str]     "1" -> "PRUEBAS", "2" -> "PRODUCCIÓN"
    EMISSION_TYPE: str                    "1", normal emission (FT Tabla 1, pos. 48)

Example:
    >>> iva_code(Decimal("15.00")), iva_code(Decimal(0), "exento"), iva_code(Decimal("13.5"))
    ('4', '7', None)
"""
from __future__ import annotations

from decimal import Decimal

__all__ = [
    "DOC_CODES", "DOCUMENT_TYPES", "EMISSION_TYPE", "ENVIRONMENT_NAMES", "ENVIRONMENTS", "FINAL_CONSUMER_ID",
    "FINAL_CONSUMER_LIMIT", "FINAL_CONSUMER_NAME", "GENERAL_IVA_RATE", "ICE", "IDENTIFICATION_TYPES", "IRBPNR",
    "IVA", "IVA_EXEMPTION_CODES", "IVA_RATE_CODES", "PAYMENT_FORMS", "TAX_CODES", "iva_code",
]

# --- Tax codes: `codigo` of impuesto / totalImpuesto ---------------------------------
IVA = "2"     # FT Tabla 16: IVA
ICE = "3"     # FT Tabla 16: ICE (its rate codes are the 4-digit ones of FT Tabla 18, e.g. 3011)
IRBPNR = "5"  # FT Tabla 16: IRBPNR
TAX_CODES = {IVA: "IVA", ICE: "ICE", IRBPNR: "IRBPNR"}  # FT Tabla 16

# --- IVA codigoPorcentaje ----------------------------------------------------------
# IVA percent -> codigoPorcentaje. Decimal keys hash by value: 15, 15.0 and 15.00 are the same key.
IVA_RATE_CODES: dict[Decimal, str] = {
    Decimal(0): "0",    # FT Tabla 17: 0%
    Decimal(12): "2",   # FT Tabla 17: 12%
    Decimal(14): "3",   # FT Tabla 17: 14%
    Decimal(15): "4",   # FT Tabla 17: 15%, current general rate (since 2024)
    Decimal(5): "5",    # FT Tabla 17: 5% (construction materials)
    Decimal(8): "8",    # FT Tabla 17: IVA diferenciado, 8% tourism rate (by decree)
    Decimal(13): "10",  # FT Tabla 17: 13%
}
# 0 % kinds that have their own code (the rate must be 0)
IVA_EXEMPTION_CODES: dict[str, str] = {
    "no_objeto": "6",   # FT Tabla 17: No objeto de impuesto
    "exento": "7",      # FT Tabla 17: Exento de IVA
}
GENERAL_IVA_RATE = Decimal(15)  # FT Tabla 17: code 4, the general rate since 2024


def iva_code(rate: Decimal | int | str, exemption: str | None = None) -> str | None:
    """The IVA codigoPorcentaje of `rate` (percent) and optional exemption kind
    ("no_objeto" / "exento"), or None when the SRI has no such code: an unknown rate,
    an unknown exemption, or an exemption with a rate other than 0.

    `rate` is compared by value (Decimal("15.00") finds 15). Floats are refused
    (TypeError): rates are Decimal, never float.
    """
    if isinstance(rate, float):
        raise TypeError("IVA rates are Decimal, not float")
    value = rate if isinstance(rate, Decimal) else Decimal(rate)
    if exemption is not None:
        return IVA_EXEMPTION_CODES.get(exemption) if value == 0 else None
    return IVA_RATE_CODES.get(value)


# --- Buyer identification: tipoIdentificacionComprador ---------------------------------
IDENTIFICATION_TYPES: dict[str, str] = {
    "ruc": "04",               # FT Tabla 6: RUC
    "cedula": "05",            # FT Tabla 6: Cédula
    "pasaporte": "06",         # FT Tabla 6: Pasaporte
    "consumidor_final": "07",  # FT Tabla 6: Consumidor final (not on NC, ND, retención, liquidación)
    "exterior": "08",          # FT Tabla 6: Identificación del exterior
}
FINAL_CONSUMER_ID = "9999999999999"     # FT Tabla 6: code 07 identification, 13 nines
FINAL_CONSUMER_NAME = "CONSUMIDOR FINAL"  # FT Tabla 6: code 07 name
FINAL_CONSUMER_LIMIT = Decimal(50)      # FT 9.10 (since FT v2.23): above USD 50 the buyer must be identified

# --- Document types: codDoc -----------------------------------------------------------
DOCUMENT_TYPES: dict[str, str] = {
    "01": "Factura",                                                    # FT Tabla 3
    "03": "Liquidación de compra de bienes y prestación de servicios",  # FT Tabla 3
    "04": "Nota de crédito",                                            # FT Tabla 3
    "05": "Nota de débito",                                             # FT Tabla 3
    "06": "Guía de remisión",                                           # FT Tabla 3
    "07": "Comprobante de retención",                                   # FT Tabla 3
}
# our document types -> codDoc (the types the platform sends to the SRI)
DOC_CODES: dict[str, str] = {
    "invoice": "01",      # FT Tabla 3: Factura
    "credit_note": "04",  # FT Tabla 3: Nota de crédito
    "debit_note": "05",   # FT Tabla 3: Nota de débito
}

# --- Payment forms: pagos/pago/formaPago ---------------------------------------------
PAYMENT_FORMS: dict[str, str] = {
    "01": "Sin utilización del sistema financiero",        # FT Tabla 24 (cash)
    "15": "Compensación de deudas",                        # FT Tabla 24
    "16": "Tarjeta de débito",                             # FT Tabla 24
    "17": "Dinero electrónico",                            # FT Tabla 24
    "18": "Tarjeta prepago",                               # FT Tabla 24
    "19": "Tarjeta de crédito",                            # FT Tabla 24
    "20": "Otros con utilización del sistema financiero",  # FT Tabla 24
    "21": "Endoso de títulos",                             # FT Tabla 24
}

# --- Environment and emission type (access key positions 24 and 48) --------------------
ENVIRONMENTS: dict[str, str] = {
    "test": "1",        # FT Tabla 1, pos. 24: ambiente 1 = pruebas
    "production": "2",  # FT Tabla 1, pos. 24: ambiente 2 = producción
}
# ambiente code -> the text the authorization web service returns (SRI.md §6)
ENVIRONMENT_NAMES: dict[str, str] = {
    "1": "PRUEBAS",     # FT 7 (autorización `ambiente`)
    "2": "PRODUCCIÓN",  # FT 7 (autorización `ambiente`)
}
EMISSION_TYPE = "1"  # FT Tabla 1, pos. 48: tipoEmision 1 = normal (contingency removed in FT v2.0)
