"""Gateway views for sri_submitter endpoints that are not plain JSON forwards.

- `PUT /settings/certificate`: multipart/form-data with the .p12 (field `certificate` or
  `file`, at most 100 KB) and `password`; forwarded as RPC `certificates.put` with the file
  in base64 and the company's RUC from the gateway's own company row. The password is
  never logged (nothing here logs bodies).
- `GET /documents/{id}/xml`: the authorized XML as `application/xml` (RPC `submissions.xml`).

The body is read whole (`request.read()`, also what the idempotency middleware reads)
and the form parsed from those bytes, so an Idempotency-Key works here too.
"""
from __future__ import annotations

import base64
import re

from aiohttp import web
from aiohttp.helpers import parse_mimetype

from services.gateway.appkeys import POOL, REQUEST_ID, RPC
from services.gateway.db import companies
from services.gateway.errors import ApiError, json_response
from services.gateway.views.common import RETRY, identity, principal
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

SERVICE = "sri_submitter"
MAX_CERTIFICATE_BYTES = 100 * 1024
_NAME = re.compile(rb';\s*name="([^"]*)"', re.IGNORECASE)
FORM_NEEDED = "Envíe el certificado como multipart/form-data con los campos certificate y password."


def form_fields(body: bytes, content_type: str) -> dict[str, bytes]:
    """The fields of a multipart/form-data body (first value of each name), byte-exact."""
    mime = parse_mimetype(content_type)
    boundary = mime.parameters.get("boundary", "")
    if (mime.type, mime.subtype) != ("multipart", "form-data") or not boundary:
        raise ApiError(422, FORM_NEEDED, {"certificate": [FORM_NEEDED]})
    fields: dict[str, bytes] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, found, content = chunk.partition(b"\r\n\r\n")
        name = _NAME.search(head)
        if found and name:
            fields.setdefault(name.group(1).decode("utf-8", "replace"), content.removesuffix(b"\r\n"))
    return fields


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


async def get_document_xml(request: web.Request) -> web.Response:
    reply = await call_submitter(request, "submissions.xml")
    if reply.status != 200:
        return json_response(reply.body, status=reply.status)
    return web.Response(body=reply.body["xml"].encode(), content_type="application/xml", charset="utf-8",
                        headers={"Content-Disposition": f'inline; filename="{reply.body["file_name"]}"'})
