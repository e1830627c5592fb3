"""The SRI's two SOAP services (reception, authorization) through zeep's async client.

The WSDLs are the packaged pair in `shared/sri/wsdl/`, loaded once at start in a thread
(zeep parses them synchronously); each environment (test, production) gets its own
proxies with the service addresses taken from the settings, and every call names the
environment of its document, so a document only ever reaches its own environment.
zeep 4.3.3's `AsyncClient.create_service` returns a synchronous proxy, so the async
proxy is built directly; zeep builds and reads the SOAP messages, the POST itself goes
through aiohttp (soap/transport.py). Answers become plain dataclasses (domain/answers.py);
every failure to get an answer becomes `SriUnavailable`, which says whether the SRI may
have the document.
"""
from __future__ import annotations

import asyncio
import ssl
from collections.abc import Mapping
from pathlib import Path

import aiohttp
import certifi
import zeep
import zeep.exceptions
from lxml import etree
from zeep.proxy import AsyncServiceProxy

from services.sri_submitter.domain.answers import Authorization, Reception
from services.sri_submitter.domain.messages import describe
from services.sri_submitter.soap.transport import AiohttpTransport
from shared.contracts.sri_results import SriMessage
from shared.observability.calls import observed
from shared.observability.metrics import SRI_CALLS, SRI_SECONDS
from shared.sri.wsdl import AUTHORIZATION_WSDL, RECEPTION_WSDL

RECEPCION = (RECEPTION_WSDL, "{http://ec.gob.sri.ws.recepcion}RecepcionComprobantesOfflineServiceSoapBinding")
AUTORIZACION = (AUTHORIZATION_WSDL,
                "{http://ec.gob.sri.ws.autorizacion}AutorizacionComprobantesOfflineServiceSoapBinding")


class SriUnavailable(Exception):
    """No answer. `maybe_received`: the request may have reached the SRI (timeout, dropped
    connection, HTTP 5xx), so the authorization must be queried before sending again."""

    def __init__(self, reason: str, maybe_received: bool):
        super().__init__(reason)
        self.reason, self.maybe_received = reason, maybe_received


def _messages(node) -> list[SriMessage]:
    box = getattr(node, "mensajes", None)
    return [describe(str(m.identificador or ""), m.mensaje or "", m.informacionAdicional, m.tipo)
            for m in ((box.mensaje if box is not None else None) or [])]


def reception_of(answer) -> Reception:
    if answer is None or not answer.estado:
        raise SriUnavailable("El SRI respondió sin estado de recepción.", maybe_received=True)
    found = answer.comprobantes.comprobante if answer.comprobantes is not None else None
    return Reception(answer.estado.strip().upper(), [m for c in found or [] for m in _messages(c)])


def authorizations_of(answer) -> list[Authorization]:
    """Every `autorizacion` of the answer (empty while the SRI is still processing)."""
    if answer is None:
        raise SriUnavailable("El SRI respondió sin datos de autorización.", maybe_received=True)
    box = answer.autorizaciones  # an empty <autorizaciones/> arrives as None
    return [Authorization(estado=(a.estado or "").strip().upper(), number=a.numeroAutorizacion,
                          authorized_at=a.fechaAutorizacion, environment=a.ambiente, xml=a.comprobante,
                          messages=_messages(a))
            for a in ((box.autorizacion if box is not None else None) or [])]


def unavailable(exc: BaseException) -> SriUnavailable:
    """Why there is no answer, and whether the SRI may nonetheless have received the request."""
    if isinstance(exc, (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)):
        return SriUnavailable("No se pudo conectar con el SRI.", maybe_received=False)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return SriUnavailable("El SRI no respondió a tiempo.", maybe_received=True)
    if isinstance(exc, aiohttp.ClientError):
        return SriUnavailable("La conexión con el SRI se cortó sin respuesta.", maybe_received=True)
    if isinstance(exc, zeep.exceptions.TransportError):
        return SriUnavailable(f"El SRI respondió HTTP {exc.status_code}.", maybe_received=True)
    if isinstance(exc, zeep.exceptions.Fault):
        return SriUnavailable(f"El SRI respondió un error SOAP: {exc.message}", maybe_received=True)
    return SriUnavailable(f"Respuesta inválida del SRI ({type(exc).__name__}).", maybe_received=True)


ANSWER_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, zeep.exceptions.Error, etree.XMLSyntaxError,
                 AttributeError, ValueError)


class SriClient:
    """One per process; safe for concurrent calls (`concurrency` connections at most)."""

    def __init__(self, endpoints: Mapping[str, tuple[str, str]], timeout: float, concurrency: int = 16):
        """endpoints: environment -> (reception URL, authorization URL), as Settings.endpoints."""
        self.endpoints = dict(endpoints)
        self.timeout, self.concurrency = timeout, concurrency

    async def start(self) -> SriClient:
        """Open the connection pool (on the running loop) and build the proxies."""
        trust = ssl.create_default_context(cafile=certifi.where())  # the CA bundle httpx used before
        session = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.timeout, connect=self.timeout),
            connector=aiohttp.TCPConnector(limit=self.concurrency, ssl=trust))
        self.transport = transport = AiohttpTransport(session)
        recepcion, autorizacion = await asyncio.gather(
            *(asyncio.to_thread(self._proxies, service, index, transport)
              for index, service in enumerate((RECEPCION, AUTORIZACION))))
        self.recepcion, self.autorizacion = recepcion, autorizacion
        return self

    def _proxies(self, service: tuple[Path, str], index: int,
                 transport: AiohttpTransport) -> dict[str, AsyncServiceProxy]:
        """One proxy per environment, at that environment's address (`index` 0 reception, 1 authorization)."""
        wsdl, binding = service
        client = zeep.AsyncClient(str(wsdl), transport=transport)
        return {environment: AsyncServiceProxy(client, client.wsdl.bindings[binding], address=urls[index])
                for environment, urls in self.endpoints.items()}

    async def close(self) -> None:
        await self.transport.aclose()

    @observed(SRI_CALLS, SRI_SECONDS, "reception", lambda reception: reception.estado)
    async def send(self, signed_xml: bytes, environment: str) -> Reception:
        """validarComprobante at `environment`'s reception; bytes, so zeep does the base64."""
        return reception_of(await self._call(self.recepcion[environment].validarComprobante(xml=signed_xml)))

    @observed(SRI_CALLS, SRI_SECONDS, "authorization", lambda found: found[0].estado if found else "pending")
    async def query(self, access_key: str, environment: str) -> list[Authorization]:
        """autorizacionComprobante at `environment`'s authorization service."""
        return authorizations_of(await self._call(
            self.autorizacion[environment].autorizacionComprobante(claveAccesoComprobante=access_key)))

    async def _call(self, pending):
        try:
            return await asyncio.wait_for(pending, self.timeout + 5)
        except ANSWER_ERRORS as exc:
            raise unavailable(exc) from None
