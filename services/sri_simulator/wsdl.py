"""The simulator's own WSDLs, served with the soap:address pointing at the simulator itself."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

WSDL_DIR = Path(__file__).with_name("wsdl")
SOAP_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"


@lru_cache(maxsize=None)
def _template(service: str) -> bytes:
    return (WSDL_DIR / f"{service}.wsdl").read_bytes()


def wsdl_for(service: str, address: str) -> bytes:
    """The WSDL of `service` (file stem) with every soap:address set to `address`."""
    root = etree.fromstring(_template(service))
    for el in root.iter(f"{{{SOAP_BINDING_NS}}}address"):
        el.set("location", address)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
