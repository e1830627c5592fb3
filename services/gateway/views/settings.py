"""Settings endpoints the gateway owns: company, API keys, users of the company.

Ids of another company are 404, never a hint that they exist; a user registered elsewhere joins
only with their current password, and the refusal never says whether an e-mail is registered.
"""
from __future__ import annotations

from typing import Any

import asyncpg
from aiohttp import web

from services.gateway.appkeys import CREDENTIALS, IDEMPOTENCY_BODY, POOL
from services.gateway.db import api_keys, companies, memberships, users
from services.gateway.domain.access import last_owner_removed, scopes_within
from services.gateway.domain.company import company_out, company_updated, merge_company
from services.gateway.domain.credentials import hash_secret, new_api_key
from services.gateway.domain.passwords import hash_password, verify_password
from services.gateway.errors import NOT_FOUND, ApiError, dumps, json_response
from services.gateway.views.common import principal, read_json
from shared.contracts.envelope import company_correlation
from shared.contracts.gateway import ApiKeyCreate, CompanyUpdate, UserCreate, UserUpdate
from shared.contracts.rpc import Conflict, NotFound, Unprocessable
from shared.db.outbox import Outbox
from shared.rpc.formatting import timestamp
from shared.rpc.validation import validate_body

LAST_OWNER = "La empresa debe conservar al menos un usuario con rol owner."
PASSWORD_REQUIRED = "El campo password es obligatorio."
NOT_ADDED = ("No se pudo agregar el usuario con estos datos: un usuario nuevo requiere name y password; "
             "un usuario ya registrado, su contraseña actual en password.")


def path_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(NOT_FOUND)
    return int(raw)


async def get_company(request: web.Request) -> web.Response:
    row = await companies.get_company(request.app[POOL], principal(request).company_id)
    return json_response({"data": company_out(row)})


async def put_company(request: web.Request) -> web.Response:
    changes = validate_body(CompanyUpdate, await read_json(request))
    company_id = principal(request).company_id
    async with request.app[POOL].acquire() as conn, conn.transaction():
        current = await companies.get_company(conn, company_id, for_update=True)
        values = merge_company(dict(current), changes)
        if await companies.ruc_taken(conn, values["ruc"], company_id):
            raise Conflict("El RUC ya está registrado por otra empresa.")
        row = await companies.update_company(conn, company_id, values)
        outbox = Outbox(conn, correlation_id=company_correlation(company_id))
        await outbox.add(company_updated(row), company_id=company_id)
    request.app[CREDENTIALS].clear()  # the modules may have changed
    return json_response({"message": "Empresa actualizada correctamente.", "data": company_out(row)})


def key_out(row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "prefix": row["prefix"], "scopes": list(row["scopes"]),
            "created_at": timestamp(row["created_at"]), "last_used_at": timestamp(row["last_used_at"]),
            "revoked_at": timestamp(row["revoked_at"])}


async def list_api_keys(request: web.Request) -> web.Response:
    rows = await api_keys.list_api_keys(request.app[POOL], principal(request).company_id)
    return json_response({"data": [key_out(r) for r in rows]})


async def create_api_key(request: web.Request) -> web.Response:
    body = validate_body(ApiKeyCreate, await read_json(request))
    who = principal(request)
    if who.kind == "key" and not scopes_within(body.scopes, who.scopes):
        raise ApiError(403, "Una clave API no puede otorgar permisos que ella misma no tiene.")
    secret, prefix = new_api_key()
    row = await api_keys.insert_api_key(request.app[POOL], who.company_id, body.name, prefix, hash_secret(secret),
                                  body.scopes)
    out = {"message": "Clave API creada. Guarde el secreto: no se volverá a mostrar.", "data": key_out(row)}
    response = json_response({**out, "data": {**out["data"], "api_key": secret}}, status=201)
    # a replay of this request must not reveal the secret again: it shows the key without it
    response[IDEMPOTENCY_BODY] = dumps({**out, "data": {**out["data"], "api_key": None}}).encode()
    return response


async def revoke_api_key(request: web.Request) -> web.Response:
    if not await api_keys.revoke_api_key(request.app[POOL], principal(request).company_id, path_id(request)):
        raise NotFound(NOT_FOUND)
    request.app[CREDENTIALS].clear()  # other replicas: the NOTIFY (db/credential_cache.py)
    return json_response({"message": "Clave API revocada."})


def member_out(row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "email": row["email"], "role": row["role"],
            "active": row["active"], "member_since": timestamp(row["created_at"])}


async def list_users(request: web.Request) -> web.Response:
    rows = await memberships.list_members(request.app[POOL], principal(request).company_id)
    return json_response({"data": [member_out(r) for r in rows]})


async def _find_or_create_user(conn, body: UserCreate):
    """A new user (name and password), or an existing one proven by their current password.

    Without that proof nobody attaches another company's user, and the answer is the same whether
    the e-mail is registered or not (the password is verified against a dummy hash when it is not).
    """
    if not body.password:
        raise Unprocessable({"password": [PASSWORD_REQUIRED]})
    user = await users.find_user_by_email(conn, body.email)
    if user is None and body.name:
        return await users.insert_user(conn, body.email, body.name, await hash_password(body.password))
    valid = await verify_password(user["password_hash"] if user else None, body.password)
    if user is None or not valid or not user["active"]:
        raise Unprocessable({"password": [NOT_ADDED]}, NOT_ADDED)
    return user


async def add_user(request: web.Request) -> web.Response:
    body = validate_body(UserCreate, await read_json(request))
    company_id = principal(request).company_id
    try:
        async with request.app[POOL].acquire() as conn, conn.transaction():
            user = await _find_or_create_user(conn, body)
            if not await memberships.add_membership(conn, user["id"], company_id, body.role):
                raise Conflict("El usuario ya pertenece a la empresa.")
            member = await memberships.get_member(conn, company_id, user["id"])
    except asyncpg.UniqueViolationError:
        raise Conflict("El usuario se registró al mismo tiempo; intente nuevamente.") from None
    return json_response({"message": "Usuario agregado a la empresa.", "data": member_out(member)}, status=201)


async def _change_member(pool, company_id: int, user_id: int, new_role: str | None):
    """Set a member's role (None: remove them), keeping at least one owner."""
    async with pool.acquire() as conn, conn.transaction():
        roles = await memberships.lock_company_roles(conn, company_id)
        member = await memberships.get_member(conn, company_id, user_id)
        if member is None:
            raise NotFound(NOT_FOUND)
        if last_owner_removed(roles, member["role"], new_role):
            raise Conflict(LAST_OWNER)
        if new_role is None:
            await memberships.remove_membership(conn, company_id, user_id)
            return member
        await memberships.set_role(conn, company_id, user_id, new_role)
        return await memberships.get_member(conn, company_id, user_id)


async def update_user(request: web.Request) -> web.Response:
    body = validate_body(UserUpdate, await read_json(request))
    member = await _change_member(request.app[POOL], principal(request).company_id, path_id(request), body.role)
    request.app[CREDENTIALS].clear()
    return json_response({"message": "Usuario actualizado.", "data": member_out(member)})


async def remove_user(request: web.Request) -> web.Response:
    await _change_member(request.app[POOL], principal(request).company_id, path_id(request), None)
    request.app[CREDENTIALS].clear()
    return json_response({"message": "Usuario retirado de la empresa."})
