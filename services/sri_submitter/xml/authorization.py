"""The `autorizacion` document: the authorized XML as buyers import it (SRI.md §6).

It is the SRI's own answer for the key, without the SOAP envelope:

    <?xml version="1.0" encoding="UTF-8"?>
    <autorizacion>
      <estado>AUTORIZADO</estado>
      <numeroAutorizacion>{access key}</numeroAutorizacion>
      <fechaAutorizacion>2026-02-22T10:15:30-05:00</fechaAutorizacion>
      <ambiente>PRUEBAS</ambiente>                      (or PRODUCCIÓN)
      <comprobante><![CDATA[{the signed comprobante}]]></comprobante>
      <mensajes/>                                        (or the SRI's mensaje list)
    </autorizacion>

The comprobante goes in exactly as signed (or as the SRI returned it), so its signature still
verifies once extracted. CDATA keeps the text as it is, except for two things XML cannot carry
in a CDATA section: the sequence `]]>` and a literal carriage return (a parser reads `\\r\\n`
as `\\n`); a comprobante holding either is written as escaped text instead, which every
parser reads back to the very same string.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from lxml import etree

from shared.contracts.sri_results import SriMessage
from shared.sri.timezone import to_ec

AUTHORIZED = "AUTORIZADO"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def authorization_date(at: datetime) -> str:
    """xs:dateTime at -05:00, as the SRI writes it: `2026-02-22T10:15:30-05:00` (milliseconds when given)."""
    at = to_ec(at)
    return at.isoformat(timespec="milliseconds" if at.microsecond else "seconds")


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    el.text = text
    return el


def authorization_document(comprobante: str, number: str, authorized_at: datetime, ambiente: str,
                           messages: Iterable[SriMessage] = ()) -> bytes:
    """The `autorizacion` document (UTF-8, with declaration) wrapping the signed `comprobante`.

    `ambiente` is the SRI's word for the environment (`PRUEBAS` / `PRODUCCIÓN`); `messages`
    are the SRI's `mensajes` of the authorization (e.g. warning 60 in pruebas).
    """
    root = etree.Element("autorizacion")
    _sub(root, "estado", AUTHORIZED)
    _sub(root, "numeroAutorizacion", number)
    _sub(root, "fechaAutorizacion", authorization_date(authorized_at))
    _sub(root, "ambiente", ambiente)
    plain = "]]>" in comprobante or "\r" in comprobante
    _sub(root, "comprobante").text = comprobante if plain else etree.CDATA(comprobante)
    box = _sub(root, "mensajes")
    for m in messages:
        item = _sub(box, "mensaje")
        _sub(item, "identificador", m.identificador)
        _sub(item, "mensaje", m.mensaje)
        if m.informacion_adicional:
            _sub(item, "informacionAdicional", m.informacion_adicional)
        _sub(item, "tipo", m.tipo)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def comprobante_of(document: bytes | str) -> str:
    """The signed comprobante inside an `autorizacion` document (the text of `<comprobante>`)."""
    data = document.encode() if isinstance(document, str) else document
    root = etree.fromstring(data, _PARSER)
    found = root.find("comprobante")
    if root.tag != "autorizacion" or found is None:
        raise ValueError("not an <autorizacion> document")
    return found.text or ""
