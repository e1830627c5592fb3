"""RPC establishments.create / .list / .get."""
from __future__ import annotations

from typing import Any

from services.sequencing import db, views
from shared.contracts.rpc import RpcReply, RpcRequest, Unprocessable
from shared.contracts.sequencing import EstablishmentIn
from shared.db.paging import paginate
from shared.rpc.params import path_id, tenant
from shared.rpc.replies import created, found
from shared.rpc.validation import validate_body


async def create_establishment(req: RpcRequest, *, conn) -> RpcReply:
    company, body = tenant(req), validate_body(EstablishmentIn, req.body)
    row = await db.establishments.insert(conn, company, body.code, body.name, body.address, body.document_types)
    if row is None:
        raise Unprocessable({"code": [f"El establecimiento {body.code} ya está registrado."]})
    return created("Establecimiento creado correctamente.", views.establishments.detail(row))


async def list_establishments(req: RpcRequest, *, conn) -> dict[str, Any]:
    company = tenant(req)
    return await paginate(req, lambda paging: db.establishments.list_page(conn, company, paging),
                          views.establishments.detail)


async def get_establishment(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.establishments.detail(found(await db.establishments.get(conn, tenant(req), path_id(req))))
