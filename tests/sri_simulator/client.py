"""The test's SRI client: zeep's async client on the official WSDLs, pointed at the simulator."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import zeep
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport

OFFICIAL_WSDL = Path(__file__).resolve().parents[3] / "shared" / "sri" / "wsdl"
BASE = "/comprobantes-electronicos-ws"
RECEPCION_BINDING = "{http://ec.gob.sri.ws.recepcion}RecepcionComprobantesOfflineServiceSoapBinding"
AUTORIZACION_BINDING = "{http://ec.gob.sri.ws.autorizacion}AutorizacionComprobantesOfflineServiceSoapBinding"


def async_service(client: zeep.AsyncClient, binding: str, address: str) -> AsyncServiceProxy:
    """client.create_service(binding, address), async: zeep 4.3.3's AsyncClient.create_service
    returns a synchronous ServiceProxy whose calls fail on the async transport."""
    return AsyncServiceProxy(client, client.wsdl.bindings[binding], address=address)


class SriClient:
    def __init__(self, base_url: str, timeout: float = 10):
        self.base_url, self.timeout = base_url, timeout

    async def start(self) -> SriClient:
        self.http = httpx.AsyncClient(timeout=self.timeout)
        self.wsdl_http = httpx.Client(timeout=self.timeout)
        transport = AsyncTransport(client=self.http, wsdl_client=self.wsdl_http)
        recepcion, autorizacion = await asyncio.gather(
            asyncio.to_thread(zeep.AsyncClient, str(OFFICIAL_WSDL / "RecepcionComprobantesOffline.wsdl"),
                              transport=transport),
            asyncio.to_thread(zeep.AsyncClient, str(OFFICIAL_WSDL / "AutorizacionComprobantesOffline.wsdl"),
                              transport=transport))
        self.recepcion = async_service(recepcion, RECEPCION_BINDING, f"{self.base_url}{BASE}/RecepcionComprobantesOffline")
        self.autorizacion = async_service(autorizacion, AUTORIZACION_BINDING,
                                          f"{self.base_url}{BASE}/AutorizacionComprobantesOffline")
        return self

    async def close(self) -> None:
        await self.http.aclose()
        self.wsdl_http.close()

    async def send(self, data: bytes):
        """validarComprobante (bytes: zeep base64-encodes them)."""
        return await self.recepcion.validarComprobante(xml=data)

    async def query(self, key: str):
        return await self.autorizacion.autorizacionComprobante(claveAccesoComprobante=key)

    async def wait_decision(self, key: str, timeout: float = 5.0, interval: float = 0.1):
        """Poll until the answer lists at least one autorizacion."""
        deadline = time.monotonic() + timeout
        while True:
            answer = await self.query(key)
            if answer.autorizaciones and answer.autorizaciones.autorizacion:
                return answer
            if time.monotonic() > deadline:
                raise AssertionError(f"no decision for {key} within {timeout}s")
            await asyncio.sleep(interval)

    async def set_faults(self, spec: str) -> dict:
        response = await self.http.post(f"{self.base_url}/_sim/faults", json={"spec": spec})
        return response.raise_for_status().json()

    async def state(self, key: str | None = None) -> dict:
        response = await self.http.get(f"{self.base_url}/_sim/state", params={"key": key} if key else None)
        return response.raise_for_status().json()


def messages(item) -> list[tuple[str, str]]:
    """(identificador, tipo) of each message of a comprobante or autorizacion element."""
    box = item.mensajes
    return [(m.identificador, m.tipo) for m in (box.mensaje if box else [])]
