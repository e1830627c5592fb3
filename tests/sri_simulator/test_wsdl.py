"""The simulator's own WSDLs match the official interface; SOAP faults; health endpoints."""
from __future__ import annotations

import asyncio

import httpx
import pytest
import zeep

from tests.sri_simulator.client import BASE, OFFICIAL_WSDL
from tests.sri_simulator.docs import Factura

pytestmark = pytest.mark.integration
SERVICES = ("RecepcionComprobantesOffline", "AutorizacionComprobantesOffline")


def interface(client: zeep.Client) -> dict:
    """Names a client depends on: bindings, services, ports, operations and global elements."""
    wsdl = client.wsdl
    return {
        "bindings": {name: sorted(b._operations) for name, b in wsdl.bindings.items()},
        "services": {name: sorted(s.ports) for name, s in wsdl.services.items()},
        "elements": sorted(str(e.qname) for e in wsdl.types.elements),
        "types": sorted(str(t.qname) for t in wsdl.types.types if t.qname and "ec.gob.sri" in t.qname.namespace),
    }


@pytest.mark.parametrize("service", SERVICES)
async def test_own_wsdl_matches_the_official_interface(simulator, service):
    url = f"{simulator.url}{BASE}/{service}?wsdl"
    own = await asyncio.to_thread(zeep.Client, url)
    official = await asyncio.to_thread(zeep.Client, str(OFFICIAL_WSDL / f"{service}.wsdl"))
    assert interface(own) == interface(official)
    port = next(iter(next(iter(own.wsdl.services.values())).ports.values()))
    assert port.binding_options["address"] == f"{simulator.url}{BASE}/{service}"


async def test_sync_client_on_own_wsdl_calls_the_simulator(simulator):
    url = f"{simulator.url}{BASE}/AutorizacionComprobantesOffline?WSDL"
    client = await asyncio.to_thread(zeep.Client, url)
    answer = await asyncio.to_thread(client.service.autorizacionComprobante, Factura().clave)
    assert answer.numeroComprobantes == "0"
    lote = await asyncio.to_thread(client.service.autorizacionComprobanteLote, "123")
    assert lote.numeroComprobantesLote == "0"


@pytest.mark.parametrize("body", [b"not xml", b"<a/>",
                                  b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'])
async def test_malformed_envelopes_get_a_soap_fault(simulator, body):
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{simulator.url}{BASE}/RecepcionComprobantesOffline", content=body,
                                   headers={"Content-Type": "text/xml"})
    assert response.status_code == 500
    assert b"Fault>" in response.content and b"<faultcode>soap:Client</faultcode>" in response.content


async def test_health_and_plain_get(simulator):
    async with httpx.AsyncClient(base_url=simulator.url) as http:
        assert (await http.get("/healthz")).status_code == 200
        assert (await http.get("/readyz")).status_code == 200
        assert (await http.get(f"{BASE}/RecepcionComprobantesOffline")).status_code == 405
