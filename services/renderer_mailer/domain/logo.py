"""What a company logo may be (API.md: PNG, JPEG or SVG up to 1 MB), decided from its bytes.

The declared content type and file name are hints only: the type is the one the magic
bytes say. An SVG must be well-formed XML with an `<svg>` root, without a DOCTYPE
(entities), scripts, event handlers, embedded HTML or references outside the file
(WeasyPrint would otherwise fetch them while rendering a RIDE).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

MAX_LOGO_BYTES = 1024 * 1024
SVG_NS = "http://www.w3.org/2000/svg"
FORBIDDEN_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed"})
_EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#|data:)", re.IGNORECASE)


@dataclass(frozen=True)
class LogoKind:
    content_type: str
    extension: str


PNG = LogoKind("image/png", "png")
JPEG = LogoKind("image/jpeg", "jpg")
SVG = LogoKind("image/svg+xml", "svg")


class BadLogo(ValueError):
    """The reason (Spanish) a file is not an acceptable logo."""


def logo_kind(data: bytes) -> LogoKind:
    """The logo's type from its content, or BadLogo with the reason."""
    if not data:
        raise BadLogo("El archivo del logo está vacío.")
    if len(data) > MAX_LOGO_BYTES:
        raise BadLogo("El logo no puede superar 1 MB.")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        check_svg(data)
        return SVG
    raise BadLogo("El logo debe ser una imagen PNG, JPEG o SVG.")


def check_svg(data: bytes) -> None:
    """A well-formed, self-contained SVG document, else BadLogo."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise BadLogo("El archivo SVG no es un XML válido.") from None
    if root.getroottree().docinfo.doctype:
        raise BadLogo("El archivo SVG no puede declarar un DOCTYPE.")
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace not in (None, SVG_NS):
        raise BadLogo("El archivo SVG debe tener un elemento raíz <svg>.")
    for node in root.iter():
        if not isinstance(node.tag, str):  # comments, processing instructions
            continue
        if etree.QName(node).localname in FORBIDDEN_ELEMENTS:
            raise BadLogo("El archivo SVG no puede contener scripts ni contenido incrustado.")
        if node.text and etree.QName(node).localname == "style" and _EXTERNAL.search(node.text):
            raise BadLogo("El archivo SVG no puede hacer referencia a archivos externos.")
        for name, value in node.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on"):
                raise BadLogo("El archivo SVG no puede contener scripts ni contenido incrustado.")
            if (local in ("href", "src") and not value.strip().startswith(("#", "data:image/"))) or \
                    _EXTERNAL.search(value):
                raise BadLogo("El archivo SVG no puede hacer referencia a archivos externos.")


def logo_path(company_id: int, kind: LogoKind) -> str:
    """`companies/{c}/logo/logo.{png|jpg|svg}` in the file store."""
    return f"companies/{company_id}/logo/logo.{kind.extension}"
