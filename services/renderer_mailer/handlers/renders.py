"""`renders.get`: where a document's RIDE PDF is stored (the gateway streams it from the store)."""
from __future__ import annotations

from typing import Any

from services.renderer_mailer.db import renders as db
from services.renderer_mailer.views import renders as views
from shared.contracts.rpc import NotFound, RpcRequest
from shared.rpc.params import path_id, tenant

NOT_RENDERED = "El RIDE del documento aún no está disponible."


async def get_render(req: RpcRequest, *, conn) -> dict[str, Any]:
    row = await db.by_document(conn, tenant(req), path_id(req))
    if row is None or row["status"] != "rendered":
        raise NotFound(NOT_RENDERED)
    return {"data": views.render(row)}
