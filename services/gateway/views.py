"""Auth endpoints and the RPC forwarder."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from services.gateway import db, payload
from services.gateway.domain import Principal, hash_secret, new_session_token
from services.gateway.errors import ApiError, json_response, unauthorized
from services.gateway.keys import POOL, PRINCIPAL, REQUEST_ID, RPC, SETTINGS
from services.gateway.passwords import verify_password
from services.gateway.schemas import LoginBody
from shared.contracts.rpc import Identity, RpcRequest
from shared.rpc.validation import validate_body
from shared.messaging.rpc import RpcTimeout, RpcUnavailable

BAD_JSON = "El cuerpo de la solicitud no es JSON válido."
ECUADOR = ZoneInfo("America/Guayaquil")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRY = {"Retry-After": "5"}


async def read_json(request: web.Request) -> Any:
    """The parsed body, None when empty; malformed JSON and what payload.py refuses are a 422."""
    raw = await request.read()
    if not raw.strip():
        return None
    try:
        body = json.loads(raw, parse_float=payload.parse_float, parse_constant=payload.parse_constant)
    except json.JSONDecodeError as exc:
        raise ApiError(422, BAD_JSON, {"body": [f"Error de sintaxis en la línea {exc.lineno}, columna {exc.colno}."]})
    except ValueError:
        raise ApiError(422, BAD_JSON, {"body": ["El cuerpo debe estar codificado en UTF-8."]}) from None
    except RecursionError:
        raise payload.too_deep() from None
    payload.check_body(body)
    return body


def iso(value: datetime | None) -> str | None:
    return value.astimezone(ECUADOR).isoformat(timespec="seconds") if value else None


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL]


def user_out(row) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"], "email": row["email"]}


def companies_out(rows) -> list[dict[str, Any]]:
    return [{"id": r["id"], "name": r["name"], "ruc": r["ruc"], "role": r["role"]} for r in rows]


async def login(request: web.Request) -> web.Response:
    body = validate_body(LoginBody, await read_json(request))
    pool = request.app[POOL]
    user = await db.find_user_by_email(pool, body.email.strip())
    valid = await verify_password(user["password_hash"] if user else None, body.password)
    if user is None or not valid or not user["active"]:
        raise unauthorized("Credenciales inválidas.")
    token = new_session_token()
    expires_at = await db.create_session(pool, user["id"], hash_secret(token),
                                         request.app[SETTINGS].token_ttl_seconds)
    companies = await db.user_companies(pool, user["id"])
    return json_response({"token": token, "expires_at": iso(expires_at), "user": user_out(user),
                          "companies": companies_out(companies)})


async def logout(request: web.Request) -> web.Response:
    who = principal(request)
    if who.kind == "key":
        return json_response({"message": "Las claves API no abren sesión; para desactivar una, revóquela."})
    await db.revoke_session(request.app[POOL], who.session_id)
    return json_response({"message": "Sesión cerrada."})


async def me(request: web.Request) -> web.Response:
    who, pool = principal(request), request.app[POOL]
    if who.kind == "key":
        key = await db.get_api_key(pool, who.company_id, who.api_key_id)
        company = await db.get_company(pool, who.company_id)
        return json_response({
            "api_key": {"id": key["id"], "name": key["name"], "prefix": key["prefix"], "scopes": list(key["scopes"])},
            "company": {"id": company["id"], "name": company["trade_name"] or company["legal_name"],
                        "ruc": company["ruc"], "modules": list(company["modules"])}})
    user = await db.get_user(pool, who.user_id)
    companies = await db.user_companies(pool, who.user_id)
    return json_response({"user": user_out(user), "companies": companies_out(companies)})


def identity(who: Principal, request_id: str | None) -> Identity:
    return Identity(company_id=who.company_id, user_id=who.user_id, api_key_id=who.api_key_id,
                    role=who.role, scopes=list(who.scopes), request_id=request_id)


def forward_to(fwd):
    """The handler that turns an HTTP call into an RPC to `fwd.service` (a routes.Forward)."""
    async def forward(request: web.Request) -> web.StreamResponse:
        query = payload.check_query(request.query)
        body = await read_json(request) if request.method in BODY_METHODS else None
        req = RpcRequest(method=fwd.rpc, identity=identity(principal(request), request.get(REQUEST_ID)),
                         path_params=dict(request.match_info), query=query, body=body)
        try:
            reply = await request.app[RPC].call(fwd.service, req, timeout=fwd.timeout)
        except RpcTimeout:
            raise ApiError(503, f"El servicio {fwd.service} no respondió a tiempo. Intente nuevamente en unos "
                                "segundos.", headers=RETRY) from None
        except RpcUnavailable:
            raise ApiError(503, f"El servicio {fwd.service} no está disponible en este momento. Intente "
                                "nuevamente en unos segundos.", headers=RETRY) from None
        if reply.status == 204:
            return web.Response(status=204)
        return json_response(reply.body, status=reply.status)

    forward.__name__ = forward.__qualname__ = f"forward_{fwd.rpc.replace('.', '_')}"
    return forward
