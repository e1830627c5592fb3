"""Validation against the SRI's official XSDs, read from a configured directory.

The schemas are not part of this project (team rule): they are read from `SRI_XSD_DIR`,
by default `<project root>/../shared/sri/xsd`. They import `xmldsig-core-schema.xsd`
by a relative path that does not exist there; that import resolves to the copy that
signxml ships as package data.
"""
from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path

from lxml import etree

SCHEMA_FILES = {"factura": "factura_V1.1.0.xsd", "notaCredito": "NotaCredito_V1.1.0.xsd",
                "notaDebito": "NotaDebito_V1.0.0.xsd"}
XMLDSIG_SCHEMA = "xmldsig-core-schema.xsd"
PROJECT_ROOT = Path(__file__).resolve().parents[3]


class XsdUnavailableError(RuntimeError):
    """The schema directory or a schema file is missing (configuration problem)."""


class XmlValidationError(ValueError):
    """The XML does not satisfy the SRI schema; `messages` lists every violation."""

    def __init__(self, root_tag: str, messages: list[str]):
        self.root_tag = root_tag
        self.messages = messages
        super().__init__(f"El XML del comprobante ({root_tag}) no cumple el esquema del SRI: " + "; ".join(messages))


def default_xsd_dir() -> Path:
    """`SRI_XSD_DIR`, else `<project root>/../shared/sri/xsd`."""
    configured = os.environ.get("SRI_XSD_DIR", "").strip()
    return Path(configured) if configured else (PROJECT_ROOT / ".." / "shared" / "sri" / "xsd").resolve()


def safe_parser() -> etree.XMLParser:
    """A parser that neither expands entities nor touches the network (one per call: not thread-safe)."""
    return etree.XMLParser(resolve_entities=False, no_network=True)


def xmldsig_schema_path() -> Path:
    return Path(str(resources.files("signxml.schemas").joinpath(XMLDSIG_SCHEMA)))


class _XmldsigResolver(etree.Resolver):
    """Sends the schemas' relative xmldsig import to signxml's copy."""

    def resolve(self, url, pubid, context):
        if url and url.replace("\\", "/").rsplit("/", 1)[-1] == XMLDSIG_SCHEMA:
            return self.resolve_filename(str(xmldsig_schema_path()), context)
        return None


class XsdValidator:
    """Compiles each schema once (thread-safe) and validates documents by root tag."""

    def __init__(self, xsd_dir: Path | str | None = None):
        self.xsd_dir = Path(xsd_dir) if xsd_dir is not None else default_xsd_dir()
        self._schemas: dict[str, etree.XMLSchema] = {}
        self._lock = threading.Lock()

    def schema_for(self, root_tag: str) -> etree.XMLSchema:
        with self._lock:
            if root_tag not in self._schemas:
                self._schemas[root_tag] = self._load(root_tag)
            return self._schemas[root_tag]

    def _load(self, root_tag: str) -> etree.XMLSchema:
        name = SCHEMA_FILES.get(root_tag)
        if name is None:
            raise XsdUnavailableError(f"No hay esquema XSD para el comprobante <{root_tag}>.")
        path = self.xsd_dir / name
        if not path.is_file():
            raise XsdUnavailableError(f"No se encontró el esquema {path} (configure SRI_XSD_DIR).")
        parser = safe_parser()
        parser.resolvers.add(_XmldsigResolver())
        return etree.XMLSchema(etree.parse(str(path), parser))

    def validate(self, document: etree._Element | bytes) -> None:
        """Raise XmlValidationError listing every violation; return None when valid."""
        root = etree.fromstring(document, safe_parser()) if isinstance(document, bytes) else document
        tag = etree.QName(root).localname
        schema = self.schema_for(tag)
        if not schema.validate(root):
            raise XmlValidationError(tag, [f"línea {e.line}: {e.message}" for e in schema.error_log])
