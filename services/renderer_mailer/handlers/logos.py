"""logo.put / logo.get: the company's logo (`PUT|GET /settings/company/logo`), printed on its RIDEs."""
from __future__ import annotations

import base64
import binascii
from typing import Any

from services.renderer_mailer.db import logos as db_logos
from services.renderer_mailer.domain.logo import BadLogo
from services.renderer_mailer.process.logos import save_logo
from services.renderer_mailer.views.logos import logo
from shared.contracts.renderer import LogoUpload
from shared.contracts.rpc import NotFound, RpcRequest, Unprocessable
from shared.rpc.params import tenant
from shared.rpc.replies import with_message
from shared.rpc.validation import validate_body
from shared.storage import LocalFileStore

SAVED = "Logo de la empresa actualizado correctamente."
NO_LOGO = "La empresa no tiene logo."
NOT_BASE64 = "El archivo del logo no está codificado en base64."


def bad_logo(reason: str) -> Unprocessable:
    return Unprocessable({"logo": [reason]}, reason)


async def put_logo(req: RpcRequest, *, conn, settings) -> dict[str, Any]:
    company, body = tenant(req), validate_body(LogoUpload, req.body)
    try:
        data = base64.b64decode(body.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise bad_logo(NOT_BASE64) from None
    try:
        row = await save_logo(conn, LocalFileStore(settings.file_store_dir), company, data)
    except BadLogo as exc:
        raise bad_logo(str(exc)) from None
    return with_message(SAVED, logo(row))


async def get_logo(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = await db_logos.get(conn, tenant(req))
    if row is None:
        raise NotFound(NO_LOGO)
    return {"data": logo(row)}
