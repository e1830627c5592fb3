"""`PUT /settings/company/logo`: multipart/form-data with the image (field `logo` or `file`),
forwarded as RPC `logo.put` to renderer_mailer with the file in base64. renderer_mailer
decides the type from the bytes (PNG, JPEG or SVG) and checks the size (1 MB)."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from aiohttp import web

from services.gateway.appkeys import REQUEST_ID
from services.gateway.errors import ApiError, json_response
from services.gateway.views.common import identity, principal
from services.gateway.views.forward import call, idempotency_key
from services.gateway.views.multipart import form_parts
from shared.contracts.rpc import RpcRequest

FORM_NEEDED = "Envíe el logo como multipart/form-data en el campo logo."
LOGO_NEEDED = "El archivo del logo (PNG, JPEG o SVG) es obligatorio."
MAX_LOGO_BYTES = 1024 * 1024
TOO_BIG = "El logo no puede superar 1 MB."


@dataclass(frozen=True)
class Target:
    """Where `forward.call` sends the RPC (the fields of a routes.Forward it reads)."""
    service: str = "renderer_mailer"
    timeout: float | None = None


async def put_logo(request: web.Request) -> web.Response:
    parts = form_parts(await request.read(), request.headers.get("Content-Type", ""),
                       field="logo", needed=FORM_NEEDED)
    part = parts.get("logo") or parts.get("file")
    if part is None or not part.content:
        raise ApiError(422, LOGO_NEEDED, {"logo": [LOGO_NEEDED]})
    if len(part.content) > MAX_LOGO_BYTES:  # renderer_mailer checks it too; this saves the trip
        raise ApiError(422, TOO_BIG, {"logo": [TOO_BIG]})
    req = RpcRequest(method="logo.put", identity=identity(principal(request), request.get(REQUEST_ID)),
                     body={"content_base64": base64.b64encode(part.content).decode(),
                           "file_name": (part.file_name or "")[:255] or None,
                           "content_type": (part.content_type or "")[:255] or None},
                     idempotency_key=idempotency_key(request))
    reply = await call(request, Target(), req)
    return json_response(reply.body, status=reply.status)
