"""SOAP 1.1 document/literal: read the call, write the answers (lxml, names as in the WSDLs)."""
from __future__ import annotations

import base64
import binascii

from lxml import etree

from services.sri_simulator.authorization import AMBIENTES, AuthorizationAnswer
from services.sri_simulator.messages import Message
from services.sri_simulator.reception import ReceptionResult
from services.sri_simulator.state import AUTHORIZED, Submission

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
RECEPCION_NS = "http://ec.gob.sri.ws.recepcion"
AUTORIZACION_NS = "http://ec.gob.sri.ws.autorizacion"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class SoapFault(Exception):
    def __init__(self, text: str, code: str = "soap:Client"):
        super().__init__(text)
        self.code = code


def read_call(body: bytes, namespace: str) -> etree._Element:
    """The operation element inside the envelope's Body (must be in `namespace`)."""
    try:
        envelope = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault(f"mensaje SOAP mal formado: {exc}") from None
    if envelope.tag != f"{{{SOAP_ENV}}}Envelope":
        raise SoapFault("se esperaba un soap:Envelope (SOAP 1.1)")
    call = envelope.find(f"{{{SOAP_ENV}}}Body/*")
    if call is None or etree.QName(call).namespace != namespace:
        raise SoapFault("operacion desconocida o ausente en soap:Body")
    return call


def argument(call: etree._Element, name: str) -> str | None:
    found = next((c for c in call if etree.QName(c).localname == name), None)
    return None if found is None else (found.text or "")


def decode_base64(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise SoapFault("el argumento xml no es base64 valido") from None


def _envelope(payload: etree._Element) -> bytes:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    etree.SubElement(env, f"{{{SOAP_ENV}}}Body").append(payload)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _mensajes(parent: etree._Element, ns: str, mensajes: list[Message]) -> None:
    box = _sub(parent, "mensajes")
    for m in mensajes:
        el = _sub(box, f"{{{ns}}}mensaje")
        _sub(el, "identificador", m.identificador)
        _sub(el, "mensaje", m.mensaje)
        if m.informacion_adicional:
            _sub(el, "informacionAdicional", m.informacion_adicional)
        _sub(el, "tipo", m.tipo)


def reception_response(result: ReceptionResult) -> bytes:
    ns = RECEPCION_NS
    root = etree.Element(f"{{{ns}}}validarComprobanteResponse", nsmap={"ns2": ns})
    answer = _sub(root, "RespuestaRecepcionComprobante")
    _sub(answer, "estado", result.estado)
    comprobantes = _sub(answer, "comprobantes")
    if result.mensajes:
        comprobante = _sub(comprobantes, f"{{{ns}}}comprobante")
        _sub(comprobante, "claveAcceso", result.key)
        _mensajes(comprobante, ns, result.mensajes)
    return _envelope(root)


def _autorizacion(parent: etree._Element, key: str, sub: Submission | None,
                  mensajes: list[Message]) -> None:
    ns = AUTORIZACION_NS
    el = _sub(parent, f"{{{ns}}}autorizacion")
    _sub(el, "estado", sub.decision.estado if sub else "RECHAZADA")
    if sub is not None:
        if sub.decision.estado == AUTHORIZED:
            _sub(el, "numeroAutorizacion", key)
        _sub(el, "fechaAutorizacion", sub.decision.fecha.isoformat(timespec="milliseconds"))
        _sub(el, "ambiente", AMBIENTES.get(sub.ambiente, sub.ambiente))
        comprobante = _sub(el, "comprobante")
        comprobante.text = sub.text if "]]>" in sub.text else etree.CDATA(sub.text)
    _mensajes(el, ns, mensajes)


def authorization_response(answer: AuthorizationAnswer) -> bytes:
    ns = AUTORIZACION_NS
    root = etree.Element(f"{{{ns}}}autorizacionComprobanteResponse", nsmap={"ns2": ns})
    body = _sub(root, "RespuestaAutorizacionComprobante")
    _sub(body, "claveAccesoConsultada", answer.key)
    _sub(body, "numeroComprobantes", str(len(answer.entries)))
    autorizaciones = _sub(body, "autorizaciones")
    for sub in answer.entries:
        _autorizacion(autorizaciones, answer.key, sub, sub.decision.mensajes)
    if answer.malformed:
        _autorizacion(autorizaciones, answer.key, None, [answer.malformed])
    return _envelope(root)


def lote_response(key: str) -> bytes:
    ns = AUTORIZACION_NS
    root = etree.Element(f"{{{ns}}}autorizacionComprobanteLoteResponse", nsmap={"ns2": ns})
    body = _sub(root, "RespuestaAutorizacionLote")
    _sub(body, "claveAccesoLoteConsultada", key)
    _sub(body, "numeroComprobantesLote", "0")
    _sub(body, "autorizaciones")
    return _envelope(root)


def fault_response(fault: SoapFault) -> bytes:
    root = etree.Element(f"{{{SOAP_ENV}}}Fault", nsmap={"soap": SOAP_ENV})
    _sub(root, "faultcode", fault.code)
    _sub(root, "faultstring", str(fault))
    return _envelope(root)
