"""RPC handlers of customers: thin; rules in domain/customers.py, SQL in db/customers.py."""
from __future__ import annotations

from typing import Any

from services.documents.db import customers as db
from services.documents.domain import customers as domain
from services.documents.views import customers as views
from shared.contracts.documents import CustomerFields, CustomerIn
from shared.contracts.rpc import Conflict, RpcReply, RpcRequest, Unprocessable
from shared.db.errors import unique_or_422
from shared.db.paging import paginate
from shared.rpc.params import path_id, query_active, query_str, tenant
from shared.rpc.replies import created, found, with_message
from shared.rpc.validation import validate_body


async def create_customer(req: RpcRequest, *, conn) -> RpcReply:
    company = tenant(req)
    fields = domain.with_defaults(validate_body(CustomerIn, req.body).model_dump())
    _check(fields)
    fields["code"] = fields["code"] or await _free_code(conn, company)
    row = await unique_or_422(db.insert(conn, company, fields), db.UNIQUE_FIELDS)
    return created("Cliente creado correctamente.", views.customer(row))


async def update_customer(req: RpcRequest, *, conn) -> dict[str, Any]:
    company, customer_id = tenant(req), path_id(req)
    patch = validate_body(CustomerFields, req.body).model_dump(exclude_unset=True)
    current = found(await db.get(conn, company, customer_id, for_update=True))
    fields = domain.with_defaults(db.merged(current, patch))
    fields["code"] = fields["code"] or current["code"]
    _check(fields)
    row = await unique_or_422(db.update(conn, company, customer_id, fields), db.UNIQUE_FIELDS)
    return with_message("Cliente actualizado correctamente.", views.customer(row))


async def get_customer(req: RpcRequest, *, conn) -> dict[str, Any]:
    return views.customer(found(await db.get(conn, tenant(req), path_id(req))))


async def delete_customer(req: RpcRequest, *, conn) -> dict[str, Any]:
    """Soft delete: the customer becomes inactive; documents keep pointing at it."""
    row = found(await db.deactivate(conn, tenant(req), path_id(req)))
    return with_message("Cliente eliminado correctamente.", views.customer(row))


async def list_customers(req: RpcRequest, *, conn) -> dict[str, Any]:
    q, active = query_str(req, "q"), query_active(req)
    return await paginate(req, lambda paging: db.search(conn, tenant(req), q, active, paging),
                          views.customer)


async def lookup_customers(req: RpcRequest, *, conn) -> dict[str, Any]:
    q = query_str(req, "q")
    return await paginate(req, lambda paging: db.search(conn, tenant(req), q, True, paging),
                          views.customer_lookup)


def _check(fields: dict) -> None:
    errors = domain.customer_errors(fields)
    if errors:
        raise Unprocessable(errors)


async def _free_code(conn, company: int) -> str:
    for _ in range(1000):
        code = domain.customer_code(await db.next_code_number(conn, company))
        if not await db.code_taken(conn, company, code):
            return code
    raise Conflict("No se pudo asignar un código de cliente; indique el campo code.")
