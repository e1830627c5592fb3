"""The SRI offline web services' WSDLs, packaged once (SRI.md §6).

    RECEPTION_WSDL: Path      RecepcionComprobantesOffline.wsdl (namespace
                              http://ec.gob.sri.ws.recepcion, operation validarComprobante)
    AUTHORIZATION_WSDL: Path  AutorizacionComprobantesOffline.wsdl (namespace
                              http://ec.gob.sri.ws.autorizacion, operations
                              autorizacionComprobante, autorizacionComprobanteLote)

Same interface (namespaces, operations, element, type, binding and service names) as
the SRI's own services, loaded from disk so no network is needed to build a client.
The `soap:address` inside is a local placeholder: clients set the service address per
environment (celcer / cel, or the simulator), e.g. with zeep
`client.create_service(binding, address)`. The files are shipped as package data
(pyproject `*.wsdl`).

    import zeep
    from shared.sri.wsdl import RECEPTION_WSDL
    client = zeep.Client(str(RECEPTION_WSDL))
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["AUTHORIZATION_WSDL", "RECEPTION_WSDL"]

RECEPTION_WSDL: Path = Path(__file__).with_name("RecepcionComprobantesOffline.wsdl")
AUTHORIZATION_WSDL: Path = Path(__file__).with_name("AutorizacionComprobantesOffline.wsdl")
