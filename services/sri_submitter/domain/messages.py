"""SRI message identifiers (SRI.md §6) -> our stable codes and Spanish hints on how to fix them.

The SRI's `identificador` is kept as it came; `code` and `hint` are added to each
SriMessage so documents and the API can show something actionable. Errors found
before sending (schema, certificate) use the identificador `LOCAL`.
"""
from __future__ import annotations

from shared.contracts.sri_results import SriMessage

LOCAL = "LOCAL"
CATALOG: dict[str, tuple[str, str]] = {
    "2": ("SRI_RUC_INACTIVE", "El RUC del emisor no está activo en el SRI; regularícelo antes de reenviar."),
    "10": ("SRI_ESTABLISHMENT_CLOSED", "El establecimiento emisor está clausurado; emita desde uno habilitado."),
    "26": ("SRI_SIZE_EXCEEDED", "El comprobante supera los 320 KB; divídalo en varios comprobantes."),
    "27": ("SRI_TAXPAYER_CLASS", "La clase de contribuyente no puede emitir este comprobante; consulte al SRI."),
    "28": ("SRI_AGREEMENT_NOT_ACCEPTED", "Acepte el convenio de medios electrónicos en el portal del SRI."),
    "34": ("SRI_DOCUMENT_NOT_AUTHORIZED", "El comprobante (o el documento que modifica) no está autorizado en el "
                                          "SRI; verifique su autorización antes de reenviar."),
    "35": ("SRI_SCHEMA_INVALID", "Revise la estructura del comprobante: no cumple el esquema XSD del SRI."),
    "36": ("SRI_SCHEMA_DISCONTINUED", "La versión del esquema fue descontinuada; use la versión vigente."),
    "37": ("SRI_NO_EMISSION_AUTHORIZATION", "El RUC no está autorizado para emitir comprobantes electrónicos; "
                                            "solicite la autorización en el portal del SRI."),
    "39": ("SRI_SIGNATURE_INVALID", "Verifique que el certificado sea de firma digital (no de cifrado), esté "
                                    "vigente y que el reloj del servidor esté sincronizado; luego reintente."),
    "40": ("SRI_CERTIFICATE_ERROR", "El certificado de firma tiene un problema; cargue un certificado vigente."),
    "42": ("SRI_CERTIFICATE_REVOKED", "El certificado fue revocado o caducó; cargue uno vigente."),
    "43": ("SRI_KEY_REGISTERED", "La clave de acceso ya está registrada en el SRI; se consulta la autorización "
                                 "sin reenviar."),
    "45": ("SRI_SEQUENTIAL_REGISTERED", "El secuencial ya fue usado con otra clave de acceso; revise la numeración "
                                        "del punto de emisión."),
    "46": ("SRI_RUC_NOT_FOUND", "El RUC del emisor no existe en el SRI; verifique el RUC de la empresa."),
    "47": ("SRI_DOCUMENT_TYPE_UNKNOWN", "El tipo de comprobante no existe; revise el código del documento."),
    "48": ("SRI_XSD_NOT_FOUND", "La versión del comprobante no tiene esquema en el SRI; use la versión vigente."),
    "49": ("SRI_NULL_ARGUMENTS", "El SRI recibió un comprobante vacío; reintente el envío."),
    "50": ("SRI_INTERNAL_ERROR", "Error interno del SRI; reintente más tarde."),
    "52": ("SRI_ARITHMETIC", "Los totales no cuadran con las líneas (subtotales, impuestos o total); "
                             "corrija los valores y reintente."),
    "56": ("SRI_ESTABLISHMENT_INACTIVE", "El establecimiento está cerrado en el SRI; emita desde uno abierto."),
    "57": ("SRI_AUTHORIZATION_SUSPENDED", "La autorización de emisión está suspendida; consulte al SRI."),
    "58": ("SRI_KEY_MISMATCH", "La clave de acceso no coincide con los datos del comprobante (fecha, RUC, "
                               "ambiente, serie o secuencial)."),
    "59": ("SRI_BUYER_ID_NOT_FOUND", "La identificación del comprador no existe en el SRI; verifíquela."),
    "60": ("SRI_TEST_ENVIRONMENT", "Comprobante procesado en el ambiente de pruebas: no tiene validez tributaria."),
    "62": ("SRI_BUYER_ID_INVALID", "La identificación del comprador no pasa el dígito verificador; corríjala."),
    "63": ("SRI_RUC_CLOSED", "El RUC del emisor está clausurado; regularícelo en el SRI."),
    "64": ("SRI_SUSTENTO_UNKNOWN", "El código de sustento tributario no existe en el catálogo del SRI; "
                                   "corríjalo y reintente."),
    "65": ("SRI_DATE_OUT_OF_RANGE", "La fecha de emisión está fuera del plazo que acepta el SRI; emita un "
                                    "comprobante nuevo con la fecha actual."),
    "67": ("SRI_DATE_INVALID", "La fecha del comprobante no es válida; revísela."),
    "68": ("SRI_RELATED_NOT_ELECTRONIC", "El documento relacionado no es electrónico."),
    "69": ("SRI_BUYER_NOT_REGISTERED", "La identificación del comprador no está registrada en el SRI; "
                                       "verifíquela con el cliente."),
    "70": ("SRI_IN_PROCESS", "El SRI aún procesa esta clave de acceso; se consulta la autorización sin reenviar."),
    "80": ("SRI_KEY_MALFORMED", "La clave de acceso consultada está mal formada; verifique sus 49 dígitos."),
    "82": ("SRI_TRANSPORT_DATE", "La fecha de inicio del transporte es anterior a la fecha de la guía; "
                                "corríjala."),
    "92": ("SRI_IVA_REFUND_MISMATCH", "El valor de devolución de IVA no coincide con el registrado; corríjalo."),
    "99": ("SRI_KEY_NOT_FOUND", "El SRI no encuentra la clave de acceso consultada o está fuera de rango; "
                                "verifique la clave."),
}
UNKNOWN = ("SRI_ERROR", "Revise el mensaje del SRI y corrija el comprobante antes de reintentar.")
POLL_INSTEAD = frozenset({"43", "70"})  # never resend with a new key: query the authorization


def describe(identificador: str, mensaje: str, informacion_adicional: str | None = None,
             tipo: str | None = None) -> SriMessage:
    """An SRI message with our code and hint (for 35 the XSD detail goes into the hint)."""
    ident = (identificador or "").strip()
    code, hint = CATALOG.get(ident, UNKNOWN)
    if ident == "35" and informacion_adicional:
        hint = f"Revise la estructura del comprobante: {informacion_adicional}"
    return SriMessage(identificador=ident, mensaje=(mensaje or "").strip(), informacion_adicional=informacion_adicional,
                      tipo=(tipo or "ERROR").strip() or "ERROR", code=code, hint=hint)


def local(code: str, mensaje: str, hint: str | None = None, detail: str | None = None) -> SriMessage:
    """A problem found here before anything was sent (schema, certificate, waiting too long)."""
    return SriMessage(identificador=LOCAL, mensaje=mensaje, informacion_adicional=detail, tipo="ERROR",
                      code=code, hint=hint)
