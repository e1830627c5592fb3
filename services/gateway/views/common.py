"""What every view needs: the JSON body (checked by domain/payload.py), the caller, and the Identity
services receive. (Timestamps as the API shows them: shared.rpc.formatting.timestamp.)"""
from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from services.gateway.appkeys import PRINCIPAL
from services.gateway.domain import payload
from services.gateway.domain.access import Principal
from shared.contracts.rpc import Identity, Unprocessable

BAD_JSON = "El cuerpo de la solicitud no es JSON válido."
RETRY = {"Retry-After": "5"}  # on a 503 because a service is away


async def read_json(request: web.Request) -> Any:
    """The parsed body, None when empty; malformed JSON and what payload.py refuses are a 422."""
    raw = await request.read()
    if not raw.strip():
        return None
    try:
        body = json.loads(raw, parse_float=payload.parse_float, parse_constant=payload.parse_constant)
    except json.JSONDecodeError as exc:
        raise Unprocessable({"body": [f"Error de sintaxis en la línea {exc.lineno}, columna {exc.colno}."]},
                            BAD_JSON) from None
    except ValueError:
        raise Unprocessable({"body": ["El cuerpo debe estar codificado en UTF-8."]}, BAD_JSON) from None
    except RecursionError:
        raise payload.too_deep() from None
    payload.check_body(body)
    return body


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL]


def identity(who: Principal, request_id: str | None) -> Identity:
    return Identity(company_id=who.company_id, user_id=who.user_id, api_key_id=who.api_key_id,
                    role=who.role, scopes=list(who.scopes), request_id=request_id)
