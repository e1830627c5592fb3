"""Who is calling, and may they: a Bearer session plus X-Company-Id, or an X-API-Key.

401 for missing, invalid, expired, logged-out or revoked credentials; 403 when a
user does not belong to the company named in X-Company-Id, or when the company's modules,
the key's scopes or the user's role forbid the call.
"""
from __future__ import annotations

import time
from dataclasses import replace

from aiohttp import web

from services.gateway.appkeys import CREDENTIALS, KEY_TOUCHED, POOL, PRINCIPAL, ROUTE_ACCESS
from services.gateway.db import api_keys, memberships, sessions
from services.gateway.domain.access import Principal, access_denial, role_scopes
from services.gateway.domain.credentials import hash_secret
from services.gateway.errors import ApiError, unauthorized

TOUCH_EVERY_SECONDS = 60.0  # last_used_at is written at most this often per key
NOT_MEMBER = "No pertenece a la empresa indicada."


@web.middleware
async def access_control(request: web.Request, handler) -> web.StreamResponse:
    """401 without valid credentials, 403 when module, role, scope or tenant forbid."""
    access = request.app[ROUTE_ACCESS].get(request.match_info.route)
    if access is None or access.public:  # health endpoints, login, or 404/405 raised by the handler
        return await handler(request)
    principal = await authenticate(request, access.context, access.company)
    if access.module is not None:
        reason = access_denial(principal, access.module, access.verb)
        if reason:
            raise ApiError(403, reason)
    request[PRINCIPAL] = principal
    return await handler(request)

async def authenticate(request: web.Request, context: str, need_company: bool) -> Principal:
    if context == "key":
        return await _from_api_key(request)
    principal = await _from_bearer(request)
    if not need_company:
        return principal
    return await _with_company(request, principal)


async def _from_api_key(request: web.Request) -> Principal:
    key = request.headers.get("X-API-Key", "").strip()
    if not key:
        raise unauthorized("Falta la clave API (encabezado X-API-Key).")
    key_hash = hash_secret(key)

    async def load():
        row = await api_keys.find_api_key(request.app[POOL], key_hash)
        return row and (Principal("key", row["company_id"], api_key_id=row["id"], scopes=tuple(row["scopes"]),
                                  modules=tuple(row["modules"])), None)

    found = await request.app[CREDENTIALS].lookup(("key", key_hash), load)
    if found is None:
        raise unauthorized("La clave API no es válida o fue revocada.")
    await _touch(request.app, found.api_key_id)
    return found


async def _from_bearer(request: web.Request) -> Principal:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Falta el token de acceso (encabezado Authorization: Bearer).")
    token_hash = hash_secret(token)

    async def load():
        row = await sessions.find_session(request.app[POOL], token_hash)
        return row and (Principal("user", None, user_id=row["user_id"], session_id=row["id"], modules=()),
                        row["seconds_left"])  # never kept past the session's expiry

    found = await request.app[CREDENTIALS].lookup(("session", token_hash), load)
    if found is None:
        raise unauthorized("El token de acceso no es válido, expiró o la sesión fue cerrada.")
    return found


async def _with_company(request: web.Request, principal: Principal) -> Principal:
    raw = request.headers.get("X-Company-Id", "").strip()
    if not raw:
        raise ApiError(403, "Indique la empresa en el encabezado X-Company-Id.")
    if not raw.isdigit() or len(raw) > 18:
        raise ApiError(403, NOT_MEMBER)
    async def load():
        row = await memberships.find_membership(request.app[POOL], principal.user_id, int(raw))
        return row and ((row["role"], tuple(row["modules"])), None)

    found = await request.app[CREDENTIALS].lookup(("member", principal.user_id, int(raw)), load)
    if found is None:
        raise ApiError(403, NOT_MEMBER)
    role, modules = found
    return replace(principal, company_id=int(raw), role=role, scopes=role_scopes(role), modules=modules)


async def _touch(app: web.Application, key_id: int) -> None:
    """Record the key's use, throttled so a busy key does not write on every call."""
    now, touched = time.monotonic(), app[KEY_TOUCHED]
    if now - touched.get(key_id, -TOUCH_EVERY_SECONDS) >= TOUCH_EVERY_SECONDS:
        touched[key_id] = now
        await api_keys.touch_api_key(app[POOL], key_id)
