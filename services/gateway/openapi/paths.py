"""The operations of the document: one per endpoint and context (parameters, body, responses)."""
from __future__ import annotations

import re
from typing import Any

from services.gateway.middlewares.idempotency import REPLAYED
from services.gateway.openapi import catalog as cat, refusals
from services.gateway.openapi.answers import answer_component
from services.gateway.openapi.bodies import body_component
from services.gateway.openapi.endpoints import Endpoint, access_text, area, endpoints, summary
from services.gateway.routes import FORWARDS, TEXT_PARAMS

ERRORS = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 413: "TooLarge",
          422: "Unprocessable", 429: "TooManyRequests", 503: "Unavailable"}
_PARAM = re.compile(r"\{(\w+)\}")
CSV = frozenset(f.rpc for f in FORWARDS if f.csv)
# calls that answer 404 for an id they read from the query or the body, or for a file not on record
NOT_FOUND = frozenset({"payments.list", "payments.create", "certificates.get", "logo.get", "reports.inventory",
                       "reports.receivables", "kardex.get", "stock.list", "movements.list", "documents.list"})


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


_ID = {"type": "integer", "minimum": 1}
_PATH_SCHEMAS = {name: {"type": "string", "pattern": pattern} for name, pattern in TEXT_PARAMS.items()}
_PATH_SCHEMAS["delivery_id"]["example"] = "msg_" + "0" * 32


def _parameters(ep: Endpoint, context: str) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": _PATH_SCHEMAS.get(name, _ID)}
        for name in _PARAM.findall(ep.path)]
    if context == "user" and not ep.access.public and ep.access.company:
        params.append(_ref("parameters", "XCompanyId"))
    if ep.method != "GET" and not ep.access.public:
        params.append(_ref("parameters", "IdempotencyKey"))
    params.append(_ref("parameters", "XRequestId"))
    if ep.paginated:
        params += [_ref("parameters", "Page"), _ref("parameters", "PerPage")]
    # allowEmptyValue: an empty query value counts as absent (shared.rpc.params.query_str)
    params += [{"name": n, "in": "query", "required": False, "allowEmptyValue": True, "schema": s, "description": d}
               for n, s, d in cat.QUERY.get(ep.key, [])]
    return params


def _request_body(ep: Endpoint) -> dict[str, Any] | None:
    if ep.key in cat.FORM_BODIES:
        media, schema = cat.FORM_BODIES[ep.key]
        return {"required": True, "content": {media: {"schema": schema}}}
    component = body_component(ep)
    if component:
        return {"required": True, "content": {"application/json": {"schema": _ref("schemas", component)}}}
    return None  # the call reads no body (one sent is ignored)


def _success(ep: Endpoint) -> dict[str, Any]:
    headers: dict[str, Any] = {"X-Request-Id": _ref("headers", "XRequestId")}
    if ep.method != "GET" and not ep.access.public:
        headers[REPLAYED] = _ref("headers", "IdempotentReplayed")
    if ep.key in cat.FILES:
        media, schema = cat.FILES[ep.key]
        content = {media: {"schema": schema}}
        headers["Content-Disposition"] = {"description": "`attachment` or `inline`, with the file name",
                                          "schema": {"type": "string"}}
    else:
        name = answer_component(ep.key)
        if name is None:
            raise LookupError(f"{ep.key}: no answer model in shared.contracts.answers")
        content = {"application/json": {"schema": _ref("schemas", name)}}
        if ep.key in CSV:
            content["text/csv"] = {"schema": {"type": "string"}}
    text = "Created" if ep.success == 201 else "OK"
    return {"description": text, "headers": headers, "content": content}


def _errors(ep: Endpoint) -> list[int]:
    if ep.access.public:
        return [413, 422, 429, 503]
    out = [401, 403]
    if _PARAM.search(ep.path) or ep.key in NOT_FOUND:
        out.append(404)
    if ep.method != "GET":
        out.append(409)
    if ep.method in ("POST", "PUT"):
        out.append(413)
    return out + [422, 429, 503]  # 422: also an X-Request-Id out of its pattern


def operation_id(ep: Endpoint, context: str) -> str:
    return f"{context}_{ep.method.lower()}_{re.sub(r'[^a-z0-9]+', '_', ep.path.lower()).strip('_')}"


# where a create's record lives, when it is not the create's own path + "/{id}", and the answer's id
_ITEM_BASE = dict.fromkeys(("invoices.create", "sales_orders.create", "quotations.create", "credit_notes.create",
                            "debit_notes.create"), "/documents")
_CREATED_ID = {"payments.create": "/data/payment_id"}
_LIST_ROWS = {"payments.list": "/documents"}  # a list whose rows are records of another path (receivables)


def links(ep: Endpoint, context: str) -> dict[str, Any]:
    """OpenAPI links from a create (or a list) to the operations on the record it answers, by `{id}`:
    what lets a client, or schemathesis' stateful phase, follow a POST to its GET, PUT and DELETE."""
    if ep.method == "POST" and ep.success == 201:
        base = _ITEM_BASE.get(ep.key, ep.path)
        pointer = _CREATED_ID.get(ep.key, "/data/id")
    elif ep.method == "GET" and ep.paginated:
        base, pointer = _LIST_ROWS.get(ep.key, ep.path), "/data/0/id"
    else:
        return {}
    out = {}
    for other in endpoints():
        tail = other.path.removeprefix(base + "/{id}")
        if other.path != tail and (tail == "" or (tail.startswith("/") and "{" not in tail)) \
                and context in other.contexts:
            out[operation_id(other, context)] = {"operationId": operation_id(other, context),
                                                 "parameters": {"id": f"$response.body#{pointer}"}}
    return out


def operation(ep: Endpoint, context: str) -> dict[str, Any]:
    notes = [n for n in (cat.NOTES.get(ep.key), refusals.note(ep.key)) if n]
    op: dict[str, Any] = {
        "operationId": operation_id(ep, context),
        "summary": summary(ep),
        "description": "\n\n".join([access_text(ep), *notes]),
        "tags": [area(ep.path)],
        "security": [] if ep.access.public else [{"bearerAuth": []} if context == "user" else {"apiKeyAuth": []}],
        "parameters": _parameters(ep, context),
        "responses": {str(ep.success): _success(ep) | ({"links": found} if (found := links(ep, context)) else {}),
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


_HEALTH = {"type": "object", "required": ["status"], "properties": {
    "status": {"type": "string", "enum": ["ok", "unavailable"]},
    "checks": {"type": "object", "additionalProperties": {"type": "boolean"}}}}


def operations_paths() -> dict[str, Any]:
    def schema(path: str, media: str) -> dict[str, Any]:
        if not media.endswith("json"):
            return {"type": "string"}
        return {"type": "object", "required": ["openapi", "paths"]} if path == "/openapi.json" else _HEALTH
    return {path: {"get": {
        "operationId": "ops_" + re.sub(r"[^a-z0-9]+", "_", path).strip("_"), "summary": text,
        "tags": ["Operations"], "security": [],
        "responses": {"200": {"description": "OK", "content": {media: {"schema": schema(path, media)}}}}}}
        for path, text, media in cat.OPERATIONS}
