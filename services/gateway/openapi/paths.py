"""The operations of the document: one per endpoint and context (parameters, body, responses)."""
from __future__ import annotations

import re
from typing import Any

from services.gateway.middlewares.idempotency import REPLAYED
from services.gateway.openapi import catalog as cat
from services.gateway.openapi.bodies import body_component
from services.gateway.openapi.endpoints import Endpoint, access_text, area, summary

ERRORS = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 422: "Unprocessable",
          429: "TooManyRequests", 503: "Unavailable"}
_PARAM = re.compile(r"\{(\w+)\}")


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
    if ep.key in cat.FILES:
        media, schema = cat.FILES[ep.key]
        content = {media: {"schema": schema}}
        headers["Content-Disposition"] = {"description": "`attachment` or `inline`, with the file name",
                                          "schema": {"type": "string"}}
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


def operations_paths() -> dict[str, Any]:
    return {path: {"get": {
        "operationId": "ops_" + re.sub(r"[^a-z0-9]+", "_", path).strip("_"), "summary": text,
        "tags": ["Operations"], "security": [],
        "responses": {"200": {"description": "OK", "content": {media: {"schema": {"type": "string"}
                                                                         if not media.endswith("json")
                                                                         else {"type": "object"}}}}}}}
        for path, text, media in cat.OPERATIONS}
