"""HTTP handlers: the two SOAP endpoints, their WSDLs, health and the /_sim admin API."""
from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from services.sri_simulator import soap
from services.sri_simulator.authorization import AuthorizationAnswer
from services.sri_simulator.faults import NETWORK_KINDS, Fault, parse_spec
from services.sri_simulator.appkeys import AUTHORIZER, RECEIVER, SETTINGS, STORE
from services.sri_simulator.wsdl import wsdl_for

log = logging.getLogger(__name__)
BASE = "/comprobantes-electronicos-ws"
RECEPCION = "RecepcionComprobantesOffline"
AUTORIZACION = "AutorizacionComprobantesOffline"
XML = "text/xml"


def xml_response(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, content_type=XML, charset="utf-8")


def drop_connection(request: web.Request) -> web.Response:
    """Close the socket without an answer; the response returned is never delivered."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)


async def play(request: web.Request, fault: Fault | None, body: bytes) -> web.StreamResponse:
    """Send `body`, or misbehave as `fault` says."""
    if fault is None:
        return xml_response(body)
    log.info("fault", extra={"fields": {"fault": fault.kind, "path": request.path}})
    if fault.kind == "http500":
        return web.Response(status=500, text="500 Internal Server Error (SIM)")
    if fault.kind == "timeout":
        await asyncio.sleep(request.app[SETTINGS].sim_timeout_seconds)
    return drop_connection(request)


def call_of(body: bytes, namespace: str) -> tuple[str, object]:
    call = soap.read_call(body, namespace)
    return call.tag.rsplit("}", 1)[-1], call


async def recepcion(request: web.Request) -> web.StreamResponse:
    try:
        operation, call = call_of(await request.read(), soap.RECEPCION_NS)
        if operation != "validarComprobante":
            raise soap.SoapFault(f"operacion desconocida: {operation}")
        data = soap.decode_base64(soap.argument(call, "xml"))
    except soap.SoapFault as exc:
        return xml_response(soap.fault_response(exc), status=500)
    result = request.app[RECEIVER].receive(data)
    return await play(request, result.fault, soap.reception_response(result))


async def autorizacion(request: web.Request) -> web.StreamResponse:
    if fault := request.app[STORE].faults.network_fault():
        return await play(request, fault, b"")
    try:
        operation, call = call_of(await request.read(), soap.AUTORIZACION_NS)
    except soap.SoapFault as exc:
        return xml_response(soap.fault_response(exc), status=500)
    if operation == "autorizacionComprobanteLote":
        return xml_response(soap.lote_response(soap.argument(call, "claveAccesoLote") or ""))
    if operation != "autorizacionComprobante":
        return xml_response(soap.fault_response(soap.SoapFault(f"operacion desconocida: {operation}")), 500)
    return await authorization(request, (soap.argument(call, "claveAccesoComprobante") or "").strip())


async def authorization(request: web.Request, key: str) -> web.StreamResponse:
    """The answer to one authorization query, unless the global rate draws a fault for it."""
    fault = request.app[STORE].draw(request.app[STORE].faults, "authorization", key)
    if fault and fault.kind in NETWORK_KINDS:
        return await play(request, fault, b"")
    answer = request.app[AUTHORIZER].query(key)  # "lost": asked and counted, the answer is not sent
    if fault and fault.kind == "processing":
        answer = AuthorizationAnswer(answer.key)  # nothing decided yet, as far as this answer says
    return await play(request, fault if fault and fault.kind == "lost" else None,
                      soap.authorization_response(answer))


def wsdl_view(service: str):
    async def view(request: web.Request) -> web.Response:
        if not any(k.lower() == "wsdl" for k in request.query):
            return web.Response(status=405, text=f"{service}: POST a SOAP 1.1 envelope, or GET ?wsdl")
        address = str(request.url.with_query(None))
        return xml_response(wsdl_for(service, address))
    return view


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def get_state(request: web.Request) -> web.Response:
    return web.json_response(request.app[STORE].snapshot(request.query.get("key")))


async def set_faults(request: web.Request) -> web.Response:
    try:
        body = await request.json()
        spec = parse_spec(body.get("spec") if isinstance(body, dict) else None)
    except ValueError as exc:
        return web.json_response({"error": str(exc)}, status=400)
    request.app[STORE].faults = spec
    log.info("faults set", extra={"fields": {"spec": str(spec)}})
    return web.json_response({"spec": str(spec)})


async def get_faults(request: web.Request) -> web.Response:
    return web.json_response({"spec": str(request.app[STORE].faults)})


async def reset(request: web.Request) -> web.Response:
    request.app[STORE].reset()
    return web.json_response({"status": "reset", "spec": str(request.app[STORE].faults)})


def routes() -> list[web.RouteDef]:
    return [
        web.post(f"{BASE}/{RECEPCION}", recepcion),
        web.get(f"{BASE}/{RECEPCION}", wsdl_view(RECEPCION)),
        web.post(f"{BASE}/{AUTORIZACION}", autorizacion),
        web.get(f"{BASE}/{AUTORIZACION}", wsdl_view(AUTORIZACION)),
        web.get("/healthz", health), web.get("/readyz", health),
        web.get("/_sim/state", get_state), web.get("/_sim/faults", get_faults),
        web.post("/_sim/faults", set_faults), web.post("/_sim/reset", reset),
    ]
