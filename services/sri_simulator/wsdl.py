"""The SRI's WSDLs (the packaged pair in shared/sri/wsdl), served with the soap:address
pointing at the simulator itself."""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

from shared.sri.wsdl import AUTHORIZATION_WSDL, RECEPTION_WSDL

WSDL_FILES = {RECEPTION_WSDL.stem: RECEPTION_WSDL, AUTHORIZATION_WSDL.stem: AUTHORIZATION_WSDL}
SOAP_BINDING_NS = "http://schemas.xmlsoap.org/wsdl/soap/"


@lru_cache(maxsize=None)
def _template(service: str) -> bytes:
    return WSDL_FILES[service].read_bytes()


def wsdl_for(service: str, address: str) -> bytes:
    """The WSDL of `service` (file stem) with every soap:address set to `address`."""
    root = etree.fromstring(_template(service))
    for el in root.iter(f"{{{SOAP_BINDING_NS}}}address"):
        el.set("location", address)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
