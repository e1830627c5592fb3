"""The OpenAPI 3.1 document of the public API, generated from the route table.

Every row of routes.FORWARDS and routes.OWN becomes two operations, one per context
(`/api/v1/<path>` with Bearer + X-Company-Id, `/api/v1/company/<path>` with X-API-Key),
with its module, verb and scope (`x-module`, `x-verb`, `x-scope`, `x-roles`) from the
same row the access check reads. Summaries, query parameters and body models come from
api_catalog.py; body schemas from the snapshot request_schemas.json (see api_catalog).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from services.gateway import api_catalog as cat
from services.gateway.domain import MODULES, READ, ROLES, WRITE, role_allows
from services.gateway.idempotency import HEADER as IDEMPOTENCY_KEY, REPLAYED
from services.gateway.routes import FORWARDS, KEY_PREFIX, OWN, USER_PREFIX, Access

SNAPSHOT = Path(__file__).with_name("request_schemas.json")
LOGIN = ("POST", "/auth/login")  # registered by routes.setup_routes, user context only
PREFIXES = {"user": USER_PREFIX, "key": KEY_PREFIX}
ERRORS = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 422: "Unprocessable",
          429: "TooManyRequests", 503: "Unavailable"}
_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Endpoint:
    """One row of the route table, in both contexts unless `contexts` says otherwise."""

    method: str
    path: str  # after the prefix
    key: str  # rpc of a forward, handler name of a gateway-owned endpoint
    service: str
    access: Access
    contexts: tuple[str, ...] = ("user", "key")

    @property
    def paths(self) -> dict[str, str]:
        return {c: PREFIXES[c] + self.path for c in self.contexts}

    @property
    def scope(self) -> str | None:
        return f"{self.access.module}:{self.access.verb}" if self.access.module else None

    @property
    def roles(self) -> list[str]:
        if self.access.module is None:
            return list(ROLES)
        return [r for r in ROLES if role_allows(r, self.access.module, self.access.verb)]

    @property
    def paginated(self) -> bool:
        return self.method == "GET" and (self.key.endswith(".list") or self.key in cat.PAGINATED)

    @property
    def success(self) -> int:
        creates = self.key.endswith(".create") or self.key in ("create_api_key", "add_user")
        return 201 if self.method == "POST" and creates else 200


def endpoints() -> list[Endpoint]:
    """The API as routes.py registers it: login, then OWN, then FORWARDS."""
    out = [Endpoint(*LOGIN, "login", "gateway", Access(public=True), ("user",))]
    out += [Endpoint(method, path, handler.__name__, "gateway", rule) for method, path, handler, rule in OWN]
    out += [Endpoint(f.method, f.path, f.rpc, f.service, Access(f.module, f.verb)) for f in FORWARDS]
    return out


def area(path: str) -> str:
    """The tag of a path: the area with the longest matching prefix, else its first segment."""
    best, length = None, -1
    for tag, prefixes, _ in cat.AREAS:
        for prefix in prefixes:
            if (path == prefix or path.startswith(prefix + "/")) and len(prefix) > length:
                best, length = tag, len(prefix)
    return best or path.strip("/").split("/")[0].replace("-", " ").capitalize()


def summary(ep: Endpoint) -> str:
    if ep.key in cat.SUMMARIES:
        return cat.SUMMARIES[ep.key]
    name, _, op = ep.key.rpartition(".")
    if not name or op not in ("list", "create", "get", "update", "delete"):
        return f"{ep.method} {ep.path}"
    plural = name.replace("_", " ")
    if op == "list":
        return f"List {plural}"
    first, _, rest = plural.partition(" ")
    singular = " ".join(filter(None, (first.removesuffix("s"), rest)))
    return f"{op.capitalize()} {'an' if singular[0] in 'aeiou' else 'a'} {singular}"


def access_text(ep: Endpoint) -> str:
    a = ep.access
    if a.public:
        return "No credentials."
    if a.module is None:
        return "Any valid credentials (no module check)."
    return (f"Module `{a.module}`, verb `{a.verb}`: the company must have `{a.module}` enabled; an API key needs "
            f"the scope `{ep.scope}`" + (f" (or `{a.module}:{WRITE}`)" if a.verb == READ else "")
            + f"; a user needs one of the roles {', '.join(ep.roles)}.")


# --- request body schemas (snapshot) ---

def schema_snapshot(models: dict[str, type[BaseModel]]) -> dict[str, Any]:
    """The snapshot for `{"<module>:<class>": model}`: component schemas and each model's ref."""
    keys = sorted(models)
    refs, top = models_json_schema([(models[k], "validation") for k in keys],
                                   ref_template="#/components/schemas/{model}")
    return {"models": {k: refs[(models[k], "validation")]["$ref"].rsplit("/", 1)[1] for k in keys},
            "schemas": _drop_null_defaults(top.get("$defs", {}))}


def _drop_null_defaults(node: Any) -> Any:
    """Without `"default": null` where null is not a valid value (a field left unset means
    "unchanged", as in CompanyUpdate): a default must validate against its own schema."""
    if isinstance(node, list):
        return [_drop_null_defaults(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _drop_null_defaults(v) for k, v in node.items()}
    nullable = out.get("type") == "null" or any(v.get("type") == "null" for v in out.get("anyOf", ()))
    if "default" in out and out["default"] is None and not nullable and ("type" in out or "enum" in out):
        del out["default"]
    return out


@functools.cache
def load_snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def body_component(ep: Endpoint) -> str | None:
    """The components/schemas name of the endpoint's JSON body, if its model is known."""
    dotted = cat.BODY_MODELS.get(ep.key)
    return load_snapshot()["models"].get(dotted) if dotted else None


# --- the document ---

def _error_responses() -> dict[str, Any]:
    retry = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    texts = {401: "Missing, invalid, expired or revoked credentials.",
             403: "Module not enabled, API key without the scope, role not allowed, or user not in the company.",
             404: "Unknown id inside the caller's company (another company's id is also 404).",
             409: "State conflict, or an Idempotency-Key reused with a different request or still running.",
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


def _components() -> dict[str, Any]:
    meta = {"type": "object", "required": ["current_page", "last_page", "per_page", "total"],
            "properties": {k: {"type": "integer"} for k in ("current_page", "last_page", "per_page", "total")}}
    schemas = {
        "Error": {"type": "object", "required": ["message"], "properties": {
            "message": {"type": "string", "description": "in Spanish", "examples": ["El campo items es obligatorio."]},
            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                       "description": "field path -> reasons (on 422)"}}},
        "PageMeta": meta,
        "Page": {"type": "object", "required": ["data", "meta"], "properties": {
            "data": {"type": "array", "items": {"type": "object"}}, "meta": {"$ref": "#/components/schemas/PageMeta"}}},
        "FlatPage": {"type": "object", "required": ["current_page", "data"], "properties": {
            "data": {"type": "array", "items": {"type": "object"}}, **meta["properties"]}},
        **load_snapshot()["schemas"],
    }
    params = {
        "XCompanyId": {"name": "X-Company-Id", "in": "header", "required": True, "schema": {"type": "integer"},
                       "description": "the company the user acts on (user context)"},
        "IdempotencyKey": {"name": IDEMPOTENCY_KEY, "in": "header", "required": False,
                           "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                           "description": "same key + same request within 24 h replays the first answer; "
                                          "same key + a different request is 409"},
        "XRequestId": {"name": "X-Request-Id", "in": "header", "required": False,
                       "schema": {"type": "string", "pattern": r"^[\w.:@/+=-]{1,128}$"},
                       "description": "your request id, echoed in the response (else one is generated)"},
        "Page": {"name": "page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "default": 1}},
        "PerPage": {"name": "per_page", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
    }
    headers = {
        "XRequestId": {"description": "the request id (yours or generated)", "schema": {"type": "string"}},
        "RetryAfter": {"description": "seconds to wait", "schema": {"type": "integer"}},
        "IdempotentReplayed": {"description": "`true` when this is the replay of an earlier answer",
                               "schema": {"type": "string", "enum": ["true"]}},
    }
    security = {
        "bearerAuth": {"type": "http", "scheme": "bearer",
                       "description": "token from POST /api/v1/auth/login; with X-Company-Id, on /api/v1/..."},
        "apiKeyAuth": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                       "description": "company API key, on /api/v1/company/..."},
    }
    return {"schemas": schemas, "parameters": params, "headers": headers, "responses": _error_responses(),
            "securitySchemes": security}


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _parameters(ep: Endpoint, context: str) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
        for name in _PARAM.findall(ep.path)]
    if context == "user" and not ep.access.public and ep.access.company:
        params.append(_ref("parameters", "XCompanyId"))
    if ep.method != "GET" and not ep.access.public:
        params.append(_ref("parameters", "IdempotencyKey"))
    params.append(_ref("parameters", "XRequestId"))
    if ep.paginated:
        params += [_ref("parameters", "Page"), _ref("parameters", "PerPage")]
    params += [{"name": n, "in": "query", "required": False, "schema": s, "description": d}
               for n, s, d in cat.QUERY.get(ep.key, [])]
    return params


def _request_body(ep: Endpoint) -> dict[str, Any] | None:
    if ep.key in cat.FORM_BODIES:
        media, schema = cat.FORM_BODIES[ep.key]
        return {"required": True, "content": {media: {"schema": schema}}}
    component = body_component(ep)
    if component:
        return {"required": True, "content": {"application/json": {"schema": _ref("schemas", component)}}}
    if ep.method in ("POST", "PUT", "PATCH"):
        return {"required": False, "content": {"application/json": {"schema": {"type": "object"}}}}
    return None


def _success(ep: Endpoint) -> dict[str, Any]:
    headers: dict[str, Any] = {"X-Request-Id": _ref("headers", "XRequestId")}
    if ep.method != "GET" and not ep.access.public:
        headers[REPLAYED] = _ref("headers", "IdempotentReplayed")
    if ep.key == "get_document_xml":
        content = {"application/xml": {"schema": {"type": "string"}}}
    else:
        schema = (_ref("schemas", "FlatPage") if ep.key in cat.FLAT_PAGES else
                  _ref("schemas", "Page") if ep.paginated else {"type": "object"})
        content = {"application/json": {"schema": schema}}
    text = "Created" if ep.success == 201 else "OK"
    return {"description": text, "headers": headers, "content": content}


def _errors(ep: Endpoint) -> list[int]:
    if ep.access.public:
        return [422, 429, 503]
    out = [401, 403]
    if _PARAM.search(ep.path):
        out.append(404)
    if ep.method != "GET":
        out.append(409)
    if ep.method != "GET" or ep.paginated or ep.key in cat.QUERY:
        out.append(422)
    return out + [429, 503]


def operation(ep: Endpoint, context: str) -> dict[str, Any]:
    notes = cat.NOTES.get(ep.key)
    op: dict[str, Any] = {
        "operationId": f"{context}_{ep.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', ep.path.lower()).strip('_')}",
        "summary": summary(ep),
        "description": access_text(ep) + (f"\n\n{notes}" if notes else ""),
        "tags": [area(ep.path)],
        "security": [] if ep.access.public else [{"bearerAuth": []} if context == "user" else {"apiKeyAuth": []}],
        "parameters": _parameters(ep, context),
        "responses": {str(ep.success): _success(ep),
                      **{str(s): _ref("responses", ERRORS[s]) for s in _errors(ep)}},
        "x-module": ep.access.module,
        "x-verb": None if ep.access.public else ep.access.verb,
        "x-scope": ep.scope,
        "x-roles": [] if ep.access.public else ep.roles,
        "x-context": context,
        "x-service": ep.service,
    }
    body = _request_body(ep)
    if body:
        op["requestBody"] = body
    if ep.service != "gateway":
        op["x-rpc"] = ep.key
    return op


def _operations_paths() -> dict[str, Any]:
    return {path: {"get": {
        "operationId": "ops_" + re.sub(r"[^a-z0-9]+", "_", path).strip("_"), "summary": text,
        "tags": ["Operations"], "security": [],
        "responses": {"200": {"description": "OK", "content": {media: {"schema": {"type": "string"}
                                                                         if not media.endswith("json")
                                                                         else {"type": "object"}}}}}}}
        for path, text, media in cat.OPERATIONS}


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
    paths.update(_operations_paths())
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
