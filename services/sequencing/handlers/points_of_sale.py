"""RPC points_of_sale.create / .list / .get / .update."""
from __future__ import annotations

from typing import Any

from services.sequencing import db, process, views
from shared.contracts.rpc import RpcReply, RpcRequest
from shared.contracts.sequencing import PointOfSaleChanges, PointOfSaleIn
from shared.db.paging import paginate
from shared.rpc.params import path_id, query_int, tenant
from shared.rpc.replies import created, found, with_message
from shared.rpc.validation import validate_body


async def create_point_of_sale(req: RpcRequest, *, conn) -> RpcReply:
    row = await process.points_of_sale.create(conn, tenant(req), validate_body(PointOfSaleIn, req.body))
    return created("Punto de emisión creado correctamente.", views.points_of_sale.detail(row))


async def update_point_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Name, active, manual_numbering, document_types (a newly enabled type gets its counter at 1)."""
    company, changes = tenant(req), validate_body(PointOfSaleChanges, req.body)
    row = found(await process.points_of_sale.update(conn, company, path_id(req), changes))
    return with_message("Punto de emisión actualizado correctamente.", views.points_of_sale.detail(row))


async def list_points_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, establishment_id = tenant(req), query_int(req, "establishment_id")
    return await paginate(req, lambda paging: db.points_of_sale.list_page(conn, company, establishment_id, paging),
                          views.points_of_sale.detail)


async def get_point_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.points_of_sale.detail(found(await db.points_of_sale.get(conn, tenant(req), path_id(req))))
