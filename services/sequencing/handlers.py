"""sequencing RPC handlers: thin; rules in domain.py, SQL in db.py, shapes in views.py."""
from __future__ import annotations

from typing import Any

from services.sequencing import db, domain, views
from services.sequencing.schemas import EstablishmentIn, PointOfSaleChanges, PointOfSaleIn
from shared.rpc.params import path_id, query_choice, query_int, query_str, tenant
from shared.rpc.replies import created, found, with_message
from shared.contracts.rpc import RpcReply, RpcRequest, Unprocessable
from shared.rpc.validation import validate_body
from shared.db.paging import paginate


async def create_establishment(req: RpcRequest, *, conn) -> RpcReply:
    company, body = tenant(req), validate_body(EstablishmentIn, req.body)
    row = await db.insert_establishment(conn, company, body.code, body.name, body.address, body.document_types)
    if row is None:
        raise Unprocessable({"code": [f"El establecimiento {body.code} ya está registrado."]})
    return created("Establecimiento creado correctamente.", views.establishment(row))


async def list_establishments(req: RpcRequest, *, conn) -> dict[str, Any]:
    return await paginate(req, lambda paging: db.list_establishments(conn, tenant(req), paging),
                          views.establishment)


async def get_establishment(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.establishment(found(await db.establishments.get(conn, tenant(req), path_id(req))))


async def create_point_of_sale(req: RpcRequest, *, conn) -> RpcReply:
    company, body = tenant(req), validate_body(PointOfSaleIn, req.body)
    est = await db.establishments.get(conn, company, body.establishment_id)
    if est is None:
        raise Unprocessable({"establishment_id": ["El establecimiento seleccionado no existe."]})
    series = domain.series_of(est["code"], body.code)
    types = body.document_types or list(est["document_types"])
    name = body.name or domain.default_point_name(est["code"], body.code)
    point_id = await db.insert_point_of_sale(conn, company, est["id"], body.code, name, series, types,
                                             body.manual_numbering)
    if point_id is None:
        raise Unprocessable({"code": [f"El punto de emisión {series} ya está registrado."]})
    await db.insert_counters(conn, company, point_id, series, {t: body.next_numbers.get(t, 1) for t in types})
    row = await db.get_point_of_sale(conn, company, point_id)
    return created("Punto de emisión creado correctamente.", views.point_of_sale(row))


async def update_point_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Name, active, manual_numbering, document_types (a newly enabled type gets its counter at 1)."""
    company, changes = tenant(req), validate_body(PointOfSaleChanges, req.body).model_dump(exclude_none=True)
    row = found(await db.update_point_of_sale(conn, company, path_id(req), changes))
    await db.insert_counters(conn, company, row["id"], row["series"], {t: 1 for t in row["document_types"]})
    point = await db.get_point_of_sale(conn, company, row["id"])
    return with_message("Punto de emisión actualizado correctamente.", views.point_of_sale(point))


async def list_points_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    establishment_id = query_int(req, "establishment_id")
    return await paginate(req, lambda paging: db.list_points_of_sale(conn, tenant(req), establishment_id, paging),
                          views.point_of_sale)


async def get_point_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.point_of_sale(found(await db.get_point_of_sale(conn, tenant(req), path_id(req))))


async def lookup_establishments(req: RpcRequest, *, conn) -> dict[str, Any]:
    document_type = query_choice(req, "type", domain.TYPE_ALIASES)
    rows = await db.establishments_for_type(conn, tenant(req), document_type)
    return {"data": [views.establishment_lookup(r) for r in rows]}


async def lookup_points_of_sale(req: RpcRequest, *, conn) -> dict[str, Any]:
    document_type = query_choice(req, "type", domain.TYPE_ALIASES)
    code, field = _establishment_code(req)
    if code is not None and not domain.is_valid_code(code):
        raise Unprocessable({field: [f"El campo {field} debe tener 3 dígitos (001 a 999)."]})
    rows = await db.points_for_lookup(conn, tenant(req), document_type, code, query_int(req, "establishment_id"))
    return {"data": [views.point_of_sale_lookup(r) for r in rows]}


def _establishment_code(req: RpcRequest) -> tuple[str | None, str]:
    """`establishment` or its alias `establishment_code`, with the name the caller used."""
    for field in ("establishment", "establishment_code"):
        value = query_str(req, field)
        if value is not None:
            return value, field
    return None, "establishment"


async def preview_sequence(req: RpcRequest, *, conn) -> dict[str, Any]:
    """The next number of a series and type, without consuming it."""
    company = tenant(req)
    document_type = query_choice(req, "type", domain.TYPE_ALIASES, default=domain.DEFAULT_TYPE)
    series = await _requested_series(req, conn, company, document_type)
    counter = await db.get_counter(conn, company, series, document_type)
    if counter is None:
        if await db.series_exists(conn, company, series):
            raise Unprocessable({"type": [f"La serie {series} no está habilitada para {document_type}."]})
        raise Unprocessable({"series": [f"La serie {series} no existe."]})
    return views.preview(document_type, series, counter["next_number"])


async def _requested_series(req: RpcRequest, conn, company: int, document_type: str) -> str:
    """`series`, else `establishment` + `point_of_sale`, else the first series enabled for the type."""
    series = query_str(req, "series")
    if series is None:
        est, point = query_str(req, "establishment"), query_str(req, "point_of_sale")
        if est is not None or point is not None:
            missing = "point_of_sale" if point is None else "establishment" if est is None else None
            if missing:
                raise Unprocessable({missing: [f"El campo {missing} es obligatorio."]})
            series = domain.series_of(est, point)
        else:
            series = await db.first_series_for_type(conn, company, document_type)
            if series is None:
                raise Unprocessable({"series": [f"No hay series habilitadas para {document_type}."]})
    if domain.parse_series(series) is None:
        raise Unprocessable({"series": [f"La serie {series} no es válida (formato 001-001)."]})
    return series
