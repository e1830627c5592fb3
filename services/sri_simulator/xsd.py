"""Schema validation like the SRI's: the XSD picked from the root element and its version."""
from __future__ import annotations

import copy
import logging
from pathlib import Path

import signxml
from lxml import etree

from services.sri_simulator.messages import Message, message

log = logging.getLogger(__name__)
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
DSIG_XSD = Path(signxml.__file__).with_name("schemas") / "xmldsig-core-schema.xsd"
XSD_NS = "http://www.w3.org/2001/XMLSchema"

SCHEMAS = {
    ("factura", "1.1.0"): "factura_V1.1.0.xsd",
    ("factura", "2.1.0"): "factura_V2.1.0.xsd",
    ("notaCredito", "1.1.0"): "NotaCredito_V1.1.0.xsd",
    ("notaDebito", "1.0.0"): "NotaDebito_V1.0.0.xsd",
    ("comprobanteRetencion", "2.0.0"): "ComprobanteRetencion_V2.0.0.xsd",
    ("guiaRemision", "1.1.0"): "GuiaRemision_V1.1.0.xsd",
    ("liquidacionCompra", "1.1.0"): "LiquidacionCompra_V1.1.0.xsd",
}
DISCONTINUED = {("factura", "1.0.0"), ("factura", "2.0.0"), ("notaCredito", "1.0.0"),
                ("guiaRemision", "1.0.0"), ("comprobanteRetencion", "1.0.0"),
                ("liquidacionCompra", "1.0.0")}


def load_schema(path: Path) -> etree.XMLSchema:
    """Load one SRI XSD, pointing its xmldsig import at the copy signxml ships."""
    doc = etree.parse(str(path))
    for imp in doc.getroot().iterfind(f"{{{XSD_NS}}}import"):
        if imp.get("namespace") == DSIG_NS:
            imp.set("schemaLocation", DSIG_XSD.as_uri())
    return etree.XMLSchema(doc)


class SchemaRegistry:
    """The schemas found in a folder, loaded once at start."""

    kinds = {kind for kind, _ in SCHEMAS}

    def __init__(self, xsd_dir: Path | None):
        self.schemas: dict[tuple[str, str], etree.XMLSchema] = {}
        self.enabled = xsd_dir is not None
        if xsd_dir is None:
            log.warning("no SRI_XSD_DIR: documents are not checked against the schemas")
            return
        for key, name in SCHEMAS.items():
            if (xsd_dir / name).is_file():
                self.schemas[key] = load_schema(xsd_dir / name)

    def validate(self, root: etree._Element) -> Message | None:
        """The reception error for this document, or None when it passes."""
        kind, version = etree.QName(root).localname, root.get("version", "")
        if kind not in self.kinds:
            return message(47, f"elemento raiz desconocido: {kind}")
        if (kind, version) in DISCONTINUED:
            return message(36, f"{kind} version {version}")
        if (kind, version) not in SCHEMAS:
            return message(48, f"{kind} version {version!r}")
        schema = self.schemas.get((kind, version))
        if schema is None:
            return None if not self.enabled else message(48, f"{kind} version {version}")
        return _check(schema, root)


def _check(schema: etree.XMLSchema, root: etree._Element) -> Message | None:
    unsigned = copy.deepcopy(root)
    for sig in unsigned.findall(f"{{{DSIG_NS}}}Signature"):
        unsigned.remove(sig)
    if schema.validate(unsigned):
        return None
    errors = "; ".join(f"linea {e.line}: {e.message}" for e in schema.error_log)
    return message(35, errors[:2000])
