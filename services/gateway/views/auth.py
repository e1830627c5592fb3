"""Login, logout and who the caller is (`/auth/...`)."""
from __future__ import annotations

from typing import Any

from aiohttp import web

from services.gateway.appkeys import CREDENTIALS, POOL, SETTINGS
from services.gateway.db import api_keys, companies, memberships, sessions, users
from services.gateway.domain.credentials import hash_secret, new_session_token
from services.gateway.domain.passwords import verify_password
from services.gateway.errors import json_response, unauthorized
from services.gateway.views.common import principal, read_json
from shared.contracts.gateway import LoginBody
from shared.rpc.formatting import timestamp
from shared.rpc.validation import validate_body


def user_out(row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "email": row["email"]}


def companies_out(rows) -> list[dict[str, Any]]:
    return [{"id": r["id"], "name": r["name"], "ruc": r["ruc"], "role": r["role"]} for r in rows]


async def login(request: web.Request) -> web.Response:
    body = validate_body(LoginBody, await read_json(request))
    pool = request.app[POOL]
    user = await users.find_user_by_email(pool, body.email.strip())
    valid = await verify_password(user["password_hash"] if user else None, body.password)
    if user is None or not valid or not user["active"]:
        raise unauthorized("Credenciales inválidas.")
    token = new_session_token()
    expires_at = await sessions.create_session(pool, user["id"], hash_secret(token),
                                               request.app[SETTINGS].token_ttl_seconds)
    rows = await memberships.user_companies(pool, user["id"])
    return json_response({"token": token, "expires_at": timestamp(expires_at), "user": user_out(user),
                          "companies": companies_out(rows)})


async def logout(request: web.Request) -> web.Response:
    who = principal(request)
    if who.kind == "key":
        return json_response({"message": "Las claves API no abren sesión; para desactivar una, revóquela."})
    await sessions.revoke_session(request.app[POOL], who.session_id)
    request.app[CREDENTIALS].clear()  # other replicas: the NOTIFY (db/credential_cache.py)
    return json_response({"message": "Sesión cerrada."})


async def me(request: web.Request) -> web.Response:
    who, pool = principal(request), request.app[POOL]
    if who.kind == "key":
        key = await api_keys.get_api_key(pool, who.company_id, who.api_key_id)
        company = await companies.get_company(pool, who.company_id)
        return json_response({
            "api_key": {"id": key["id"], "name": key["name"], "prefix": key["prefix"], "scopes": list(key["scopes"])},
            "company": {"id": company["id"], "name": company["trade_name"] or company["legal_name"],
                        "ruc": company["ruc"], "modules": list(company["modules"])}})
    user = await users.get_user(pool, who.user_id)
    rows = await memberships.user_companies(pool, who.user_id)
    return json_response({"user": user_out(user), "companies": companies_out(rows)})
