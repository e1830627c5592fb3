"""The OpenAPI 3.1 document of the public API, generated from the route table.

Every row of routes.FORWARDS and routes.OWN becomes two operations, one per context
(`/api/v1/<path>` with Bearer + X-Company-Id, `/api/v1/company/<path>` with X-API-Key),
with its module, verb and scope (`x-module`, `x-verb`, `x-scope`, `x-roles`) from the
same row the access check reads (endpoints.py, paths.py). Summaries, query parameters and
body models come from catalog.py; body schemas from the models themselves (bodies.py).
"""
from __future__ import annotations

import functools
from typing import Any

from services.gateway.domain.access import MODULES
from services.gateway.middlewares.idempotency import HEADER as IDEMPOTENCY_KEY
from services.gateway.openapi import catalog as cat
from services.gateway.openapi.answers import answer_schemas
from services.gateway.openapi.bodies import component_schemas
from services.gateway.openapi.endpoints import area, endpoints
from services.gateway.openapi.paths import ERRORS, operation, operations_paths
from services.gateway.routes import KEY_PREFIX, USER_PREFIX


def _error_responses() -> dict[str, Any]:
    retry = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    texts = {401: "Missing, invalid, expired or revoked credentials.",
             403: "Module not enabled, API key without the scope, role not allowed, or user not in the company.",
             404: "Unknown id inside the caller's company (another company's id is also 404).",
             409: "State conflict, or an Idempotency-Key reused with a different request or still running.",
             413: "The request body is larger than the gateway takes (2 MB: a 1 MB logo and its form).",
             422: "Validation failed; `errors` maps field paths (`items.0.quantity`) to reasons.",
             429: "Rate limited; retry after `Retry-After` seconds.",
             503: "A service the call needs is unavailable or did not answer in time; retry later."}
    out = {}
    for status, name in ERRORS.items():
        headers = {"X-Request-Id": {"$ref": "#/components/headers/XRequestId"}}
        if status in (429, 503):
            headers.update(retry)
        out[name] = {"description": texts[status], "headers": headers,
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return out


# the gateway's own components, beside the request bodies' (bodies.py)
SCHEMAS = {
    "Error": {"type": "object", "required": ["message"], "properties": {
        "message": {"type": "string", "description": "in Spanish", "examples": ["El campo items es obligatorio."]},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "field path -> reasons (on 422)"}}},
}
PARAMETERS = {
    "XCompanyId": {"name": "X-Company-Id", "in": "header", "required": True, "schema": {"type": "integer"},
                   "description": "the company the user acts on (user context)"},
    "IdempotencyKey": {"name": IDEMPOTENCY_KEY, "in": "header", "required": False,
                       "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                       "description": "same key + same request within 24 h replays the first answer; "
                                      "same key + a different request is 409"},
    "XRequestId": {"name": "X-Request-Id", "in": "header", "required": False,
                   "schema": {"type": "string", "pattern": r"^[\w.:@/+=-]{1,128}$"},
                   "description": "your request id, echoed in the response (else one is generated)"},
    "Page": {"name": "page", "in": "query", "required": False, "allowEmptyValue": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}},
    "PerPage": {"name": "per_page", "in": "query", "required": False, "allowEmptyValue": True,
                "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
}
HEADERS = {
    "XRequestId": {"description": "the request id (yours or generated)", "schema": {"type": "string"}},
    "RetryAfter": {"description": "seconds to wait", "schema": {"type": "integer"}},
    "IdempotentReplayed": {"description": "`true` when this is the replay of an earlier answer",
                           "schema": {"type": "string", "enum": ["true"]}},
}
SECURITY = {
    "bearerAuth": {"type": "http", "scheme": "bearer",
                   "description": "token from POST /api/v1/auth/login; with X-Company-Id, on /api/v1/..."},
    "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                   "description": "company API key, on /api/v1/company/..."},
}


def _schemas() -> dict[str, Any]:
    """The gateway's own components, the request bodies' and the answers'; a name used twice is a bug."""
    parts = [SCHEMAS, component_schemas(), answer_schemas()[1]]
    out: dict[str, Any] = {}
    for part in parts:
        clash = out.keys() & part.keys()
        if clash:
            raise ValueError(f"components/schemas declared twice: {sorted(clash)}")
        out.update(part)
    return out


def _components() -> dict[str, Any]:
    return {"schemas": _schemas(), "parameters": PARAMETERS, "headers": HEADERS,
            "responses": _error_responses(), "securitySchemes": SECURITY}


DESCRIPTION = f"""Public API of the Ecuadorian e-invoicing platform (SRI offline scheme).

**Two contexts, same endpoints.** Every endpoint exists twice:
user context `{USER_PREFIX}/<path>` with `Authorization: Bearer <token>` (from `POST {USER_PREFIX}/auth/login`)
and `X-Company-Id: <id>`; company context `{KEY_PREFIX}/<path>` with `X-API-Key: <key>` (server to server;
the key determines the company, X-Company-Id is ignored).

**Permissions.** Each endpoint belongs to a module (`x-module`: {", ".join(MODULES)}) and is a `read` or a
`write` (`x-verb`). The company must have the module enabled; an API key needs the scope `module:verb`
(`x-scope`; `module:write` includes `module:read`); a user's role must allow it (`x-roles`).

**Errors.** Every non-2xx answer is `{{"message": "...", "errors": {{"field.path": ["reason"]}}}}`
(`errors` on 422; messages in Spanish): 401 credentials, 403 module/scope/role/tenant, 404 unknown id
in your company, 409 state conflict or Idempotency-Key reuse, 422 validation, 429 rate limited and
503 dependency down (both with `Retry-After`).

**Idempotency.** Send `Idempotency-Key` on every POST (PUT and DELETE accept it too): the same key with
the same request within 24 h returns the first answer (`Idempotent-Replayed: true`); with a different
request it is 409.

**Request ids.** Every response carries `X-Request-Id` (yours, echoed, or a new one).

**Pagination.** Lists take `page` (from 1) and `per_page` (1..100, default 20) and answer
`{{"data": [...], "meta": {{"current_page", "last_page", "per_page", "total"}}}}`
(`GET /documents`: the same keys beside `data`).

**Values.** Money and quantities are decimals: strings in lists and details (`"46.0000"`, quantities
`"2.000"`), JSON numbers rounded to 2 decimals in create answers. Dates `YYYY-MM-DD`; timestamps
ISO 8601 with the company's offset (`-05:00`)."""


@functools.cache
def build_spec() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for ep in endpoints():
        for context, path in ep.paths.items():
            paths.setdefault(path, {})[ep.method.lower()] = operation(ep, context)
    paths.update(operations_paths())
    used = {area(ep.path) for ep in endpoints()} | {"Operations"}
    tags = [{"name": t, "description": d} for t, _, d in cat.AREAS if t in used]
    tags += [{"name": t} for t in sorted(used - {t["name"] for t in tags})]
    return {
        "openapi": "3.1.0",
        "info": {"title": "e-invoicing EC public API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/", "description": "this gateway"}],
        "tags": tags,
        "paths": paths,
        "components": _components(),
    }
