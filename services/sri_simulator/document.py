"""The submitted comprobante: parsed once, with the fields the checks need."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree

MAX_BYTES = 320 * 1024
SIM_MARKER = "SIM"
COD_DOC_BY_ROOT = {"factura": "01", "liquidacionCompra": "03", "notaCredito": "04",
                   "notaDebito": "05", "guiaRemision": "06", "comprobanteRetencion": "07"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class NotWellFormed(Exception):
    pass


@dataclass(frozen=True)
class Document:
    root: etree._Element
    text: str  # exactly what was sent, decoded

    @property
    def kind(self) -> str:
        return etree.QName(self.root).localname

    @property
    def version(self) -> str:
        return self.root.get("version", "")

    @cached_property
    def _tributaria(self) -> dict[str, str]:
        """infoTributaria's fields (the first of each name), read once."""
        info = self.root.find("infoTributaria")
        fields: dict[str, str] = {}
        for child in info if info is not None else ():
            if isinstance(child.tag, str):
                fields.setdefault(child.tag, child.text or "")
        return fields

    def tributaria(self, name: str) -> str:
        return self._tributaria.get(name, "").strip()

    @property
    def key(self) -> str:
        return self.tributaria("claveAcceso")

    @property
    def fecha_emision(self) -> str:
        found = self.root.xpath("./*[starts-with(local-name(), 'info')]/fechaEmision/text()")
        return found[0].strip() if found else ""

    @property
    def sequence_id(self) -> tuple[str, ...]:
        """What makes a secuencial unique: RUC + codDoc + estab + ptoEmi + secuencial."""
        return tuple(self.tributaria(n) for n in ("ruc", "codDoc", "estab", "ptoEmi", "secuencial"))

    @property
    def sim_marker(self) -> str | None:
        for campo in self.root.iterfind("infoAdicional/campoAdicional"):
            if (campo.get("nombre") or "").strip().upper() == SIM_MARKER:
                return (campo.text or "").strip()
        return None


def parse_document(data: bytes) -> Document:
    """Parse the submitted bytes; raises NotWellFormed with the parser's reason."""
    try:
        root = etree.fromstring(data, _PARSER)
        text = data.decode("utf-8")
    except (etree.XMLSyntaxError, UnicodeDecodeError) as exc:
        raise NotWellFormed(str(exc)) from None
    return Document(root, text)
