"""The SRI's message catalogue (identifier -> text) and the message value sent back."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "ERROR"
WARNING = "ADVERTENCIA"

TEXTS: dict[int, str] = {
    2: "RUC DEL EMISOR SE ENCUENTRA NO ACTIVO",
    10: "ESTABLECIMIENTO DEL EMISOR SE ENCUENTRA CLAUSURADO",
    26: "TAMAÑO MAXIMO SUPERADO",
    27: "CLASE NO PERMITIDO",
    35: "ARCHIVO NO CUMPLE ESTRUCTURA XML",
    36: "VERSION ESQUEMA DESCONTINUADA",
    37: "RUC SIN AUTORIZACION DE EMISION",
    39: "FIRMA INVALIDA",
    40: "ERROR EN EL CERTIFICADO",
    43: "CLAVE ACCESO REGISTRADA",
    45: "ERROR SECUENCIAL REGISTRADO",
    46: "RUC NO EXISTE",
    47: "TIPO DE COMPROBANTE NO EXISTE",
    48: "ESQUEMA XSD NO EXISTE",
    49: "ARGUMENTOS QUE ENVIAN AL WS NULOS",
    50: "ERROR INTERNO GENERAL",
    52: "ERROR EN DIFERENCIAS",
    56: "ESTABLECIMIENTO CERRADO",
    57: "AUTORIZACION SUSPENDIDA",
    58: "ERROR EN LA ESTRUCTURA DE LA CLAVE DE ACCESO",
    60: "ESTE PROCESO FUE REALIZADO EN EL AMBIENTE DE PRUEBAS",
    63: "RUC CLAUSURADO",
    65: "FECHA DE EMISION EXTEMPORANEA",
    67: "FECHA INVALIDA",
    70: "CLAVE DE ACCESO EN PROCESAMIENTO",
    80: "ERROR EN LA ESTRUCTURA DE LA CLAVE DE ACCESO",
}
WARNINGS = {59, 60, 62, 68}


@dataclass(frozen=True)
class Message:
    identificador: str
    mensaje: str
    informacion_adicional: str | None
    tipo: str


def message(code: int, detail: str | None = None) -> Message:
    """The SRI message for `code`, with an optional detail (informacionAdicional)."""
    text = TEXTS.get(code, f"ERROR {code}")
    return Message(str(code), text, detail, WARNING if code in WARNINGS else ERROR)
