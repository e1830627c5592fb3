"""RPC lookups.establishments / lookups.points_of_sale (API.md Part A, for the document forms)."""
from __future__ import annotations

from typing import Any

from services.sequencing import db, views
from shared.contracts.rpc import RpcRequest, Unprocessable
from shared.contracts.sequencing import TYPE_ALIASES, is_valid_code
from shared.rpc.params import query_choice, query_int, query_str, tenant


async def lookup_establishments(req: RpcRequest, *, conn) -> dict[str, Any]:
    document_type = query_choice(req, "type", TYPE_ALIASES)
    rows = await db.establishments.for_type(conn, tenant(req), document_type)
    return {"data": [views.establishments.lookup(r) for r in rows]}


async def lookup_points_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    document_type = query_choice(req, "type", TYPE_ALIASES)
    code, field = _establishment_code(req)
    if code is not None and not is_valid_code(code):
        raise Unprocessable({field: [f"El campo {field} debe tener 3 dígitos (001 a 999)."]})
    rows = await db.points_of_sale.for_lookup(conn, tenant(req), document_type, code,
                                              query_int(req, "establishment_id"))
    return {"data": [views.points_of_sale.lookup(r) for r in rows]}


def _establishment_code(req: RpcRequest) -> tuple[str | None, str]:
    """`establishment` or its alias `establishment_code`, with the name the caller used."""
    for field in ("establishment", "establishment_code"):
        value = query_str(req, field)
        if value is not None:
            return value, field
    return None, "establishment"
