"""Gateway view for the sri_submitter endpoint that is not a plain JSON forward (the document's
XML is in views/files.py).

- `PUT /settings/certificate`: multipart/form-data with the .p12 (field `certificate` or
  `file`, at most 100 KB) and `password`; forwarded as RPC `certificates.put` with the file
  in base64 and the company's RUC from the gateway's own company row. The password is
  never logged (nothing here logs bodies).

The body is read whole (`request.read()`, also what the idempotency middleware reads)
and the form parsed from those bytes, so an Idempotency-Key works here too.
"""
from __future__ import annotations

import base64

from aiohttp import web

from services.gateway.appkeys import POOL, REQUEST_ID, RPC
from services.gateway.db import companies
from services.gateway.errors import ApiError, json_response
from services.gateway.views.common import RETRY, identity, principal
from services.gateway.views.multipart import form_parts
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

SERVICE = "sri_submitter"
MAX_CERTIFICATE_BYTES = 100 * 1024
FORM_NEEDED = "Envíe el certificado como multipart/form-data con los campos certificate y password."


def form_fields(body: bytes, content_type: str) -> dict[str, bytes]:
    """The fields of a multipart/form-data body (first value of each name), byte-exact."""
    return {name: part.content
            for name, part in form_parts(body, content_type, field="certificate", needed=FORM_NEEDED).items()}


def upload_errors(p12: bytes | None, password: bytes | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not p12:
        errors["certificate"] = ["El archivo del certificado (.p12) es obligatorio."]
    elif len(p12) > MAX_CERTIFICATE_BYTES:
        errors["certificate"] = ["El certificado no puede superar 100 KB."]
    if not password:
        errors["password"] = ["El campo password es obligatorio."]
    return errors


async def call_submitter(request: web.Request, method: str, body=None) -> RpcReply:
    req = RpcRequest(method=method, identity=identity(principal(request), request.get(REQUEST_ID)),
                     path_params=dict(request.match_info), body=body)
    try:
        return await request.app[RPC].call(SERVICE, req)
    except (RpcTimeout, RpcUnavailable):
        raise ApiError(503, "El servicio de firma y envío al SRI no está disponible en este momento. Intente "
                            "nuevamente en unos segundos.", headers=RETRY) from None


async def put_certificate(request: web.Request) -> web.Response:
    fields = form_fields(await request.read(), request.headers.get("Content-Type", ""))
    p12, password = fields.get("certificate") or fields.get("file"), fields.get("password")
    if errors := upload_errors(p12, password):
        raise ApiError(422, next(iter(errors.values()))[0], errors)
    try:
        text = password.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "La contraseña debe estar en UTF-8.", {"password": ["La contraseña debe estar en UTF-8."]})
    company = await companies.get_company(request.app[POOL], principal(request).company_id)
    reply = await call_submitter(request, "certificates.put", {
        "p12_base64": base64.b64encode(p12).decode(), "password": text, "company_ruc": company["ruc"]})
    return json_response(reply.body, status=reply.status)
