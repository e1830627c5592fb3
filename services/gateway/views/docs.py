"""GET /docs (the API reference as one self-contained HTML page) and GET /openapi.json.

Both come from openapi/document.build_spec(), itself generated from the route table, so the page
and the document list exactly the endpoints the gateway serves. No credentials; the page
loads nothing from elsewhere (no CDN), so it works offline.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup, escape

from services.gateway.errors import dumps
from services.gateway.openapi import catalog as cat
from services.gateway.openapi.bodies import body_component
from services.gateway.openapi.document import build_spec
from services.gateway.openapi.endpoints import Endpoint, access_text, area, endpoints
from services.gateway.views.docs_examples import declared, generate, media_example, resolve
from services.gateway.views.docs_snippets import ORIGIN, Call, snippets

TEMPLATES = Path(__file__).parent  # docs.html.j2, docs.css, docs.js (packaged by the package-data rules)
_BIG = 2**53  # bounds past this (the int64 limits of ids) say nothing to a reader


def inline_md(text: str | None) -> Markup:
    """**bold** and `code` in one line of text (a field's description)."""
    html = str(escape(text or ""))
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html)
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", html))


def md(text: str | None) -> Markup:
    """The little markdown the descriptions use: paragraphs, **bold** and `code`."""
    html = str(inline_md(text))
    return Markup("".join(f"<p>{p.strip()}</p>" for p in html.split("\n\n") if p.strip()))


# --- JSON Schema -> rows of fields ---

def _deref(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _variants(prop: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    return [_deref(v, schemas) for v in prop.get("anyOf", [prop]) if v.get("type") != "null"]


def _type_of(v: dict[str, Any], schemas: dict[str, Any]) -> str:
    kind = v.get("type", "string" if "enum" in v else "any")
    if kind == "string" and v.get("format") in ("date", "date-time"):
        return v["format"]
    if kind == "string" and "contentMediaType" in v:
        return "file"
    if kind == "array":
        return f"array of {_type_of(_deref(v.get('items', {}), schemas), schemas)}"
    if kind == "object" and isinstance(v.get("additionalProperties"), dict):
        return f"object of {_type_of(v['additionalProperties'], schemas)}"
    return kind


def _rules(variants: list[dict[str, Any]], schemas: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for v in variants:
        items = _deref(v.get("items", {}), schemas)
        for enum in (v.get("enum"), items.get("enum")):
            if enum:
                out.append("one of: " + ", ".join(str(e) for e in enum))
        for key, text in (("minLength", "min length {}"), ("maxLength", "max length {}"),
                          ("minimum", ">= {}"), ("exclusiveMinimum", "> {}"), ("maximum", "<= {}"),
                          ("exclusiveMaximum", "< {}"), ("pattern", "pattern {}"),
                          ("minItems", "min items {}"), ("maxItems", "max items {}")):
            value = v.get(key)
            if key == "pattern" and value and "\\u0000" in value:  # the character classes that exclude them
                out.append(("not blank, " if "[^\\s" in value else "") + "no control characters")
            elif value is not None and not (isinstance(value, (int, float)) and abs(value) >= _BIG):
                out.append(text.format(int(value) if isinstance(value, float) and value.is_integer() else value))
    return out


def field_rows(schema: dict[str, Any], schemas: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """One row per field (nested ones as `items[].quantity`), required fields first."""
    schema = _deref(schema, schemas)
    required = set(schema.get("required", ()))
    props = schema.get("properties", {})
    rows: list[dict[str, Any]] = []
    for name in sorted(props, key=lambda n: n not in required):
        prop, path = props[name], prefix + name
        variants = _variants(prop, schemas)
        types = list(dict.fromkeys(_type_of(v, schemas) for v in variants))
        if set(types) == {"number", "string"}:
            types = ["decimal (number or string)"]
        details = _rules(variants, schemas)
        if prop.get("default") is not None:
            details.append(f"default: {dumps(prop['default'])}")
        rows.append({"name": path, "type": " or ".join(types), "required": name in required,
                     "description": inline_md(prop.get("description", "")), "rules": details,
                     "nullable": len(variants) < len(prop.get("anyOf", [prop]))})
        for v in variants:
            if v.get("type") == "array" and _deref(v.get("items", {}), schemas).get("properties"):
                rows += field_rows(v["items"], schemas, path + "[].")
            elif v.get("properties"):
                rows += field_rows(v, schemas, path + ".")
    return rows


# --- the page ---

def _pretty(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


_EXTENSIONS = {"application/pdf": "pdf", "application/xml": "xml", "text/xml": "xml", "text/csv": "csv"}


def _file_name(name: str, schema: dict[str, Any]) -> str:
    media = schema.get("contentMediaType", "")
    return name + (".p12" if "pkcs12" in media else ".png" if media.startswith("image/") else ".bin")


def _samples(ep: Endpoint, op: dict[str, Any], path: str, spec: dict[str, Any]) -> dict[str, Any]:
    """The operation's request and response examples and the calls that send its request."""
    for param in (resolve(p, spec) for p in op.get("parameters", ())):
        if param.get("in") == "path":
            found, value = declared(param)
            path = path.replace("{%s}" % param["name"], str(value if found else generate(param["schema"], spec)))
    media, body, files = None, None, {}
    if "requestBody" in op:
        media, content = next(iter(op["requestBody"]["content"].items()))
        body = media_example(content, spec)
        props = resolve(content.get("schema", {}), spec).get("properties", {})
        files = {n: _file_name(n, resolve(p, spec)) for n, p in props.items() if "contentMediaType" in resolve(p, spec)}
    ok = resolve(op["responses"][str(ep.success)], spec)
    ok_media, ok_content = next(iter(ok.get("content", {"application/json": {}}).items()))
    json_answer = ok_media.endswith("json")
    download = None if json_answer else (
        f"{ep.path.strip('/').split('/')[0].removesuffix('s')}.{_EXTENSIONS.get(ok_media, 'bin')}")
    error = next((s for s in ("422", "404", "401") if s in op["responses"]), None)
    call = Call(ep.method, path, api_key=not ep.access.public, idempotent=ep.method != "GET" and not ep.access.public,
                body=body, media=media, files=files, download=download)
    return {
        "request_example": _pretty(body) if media == "application/json" else None,
        "response_example": _pretty(media_example(ok_content, spec)) if json_answer else None,
        "response_media": ok_media,
        "error_status": error,
        "error_example": _pretty(media_example(resolve(op["responses"][error], spec)["content"]["application/json"],
                                               spec)) if error else None,
        "snippets": snippets(call),
    }


def _answer(ep: Endpoint, op: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The success answer's model (component) name and its fields, for a JSON answer."""
    content = op["responses"][str(ep.success)].get("content", {}).get("application/json")
    ref = (content or {}).get("schema", {}).get("$ref", "")
    if not ref:
        return {"answer_model": None, "answer_fields": []}
    return {"answer_model": ref.rsplit("/", 1)[1], "answer_fields": field_rows(content["schema"], schemas)}


def _search_text(ep: Endpoint, op: dict[str, Any]) -> str:
    """What the search box matches: verb, paths, area (tag), module, scope, summary and description."""
    words = [ep.method, *ep.paths.values(), *op.get("tags", ()), ep.access.module or "", ep.scope or "",
             op["summary"], op.get("description", "")]
    return " ".join(words).lower()


def _endpoint_view(ep: Endpoint, spec: dict[str, Any]) -> dict[str, Any]:
    schemas = spec["components"]["schemas"]
    context = "key" if "key" in ep.contexts else ep.contexts[0]  # the snippets use X-API-Key
    op = spec["paths"][ep.paths[context]][ep.method.lower()]
    media, schema = next(iter(op["requestBody"]["content"].items())) if "requestBody" in op else (None, {})
    params = []
    if ep.paginated:
        params += [("page", "integer", "page number, from 1 (default 1)"),
                   ("per_page", "integer", "1..100 (default 20)")]
    params += [(n, s.get("type", ""), d + (f" ({', '.join(s['enum'])})" if "enum" in s else ""))
               for n, s, d in cat.QUERY.get(ep.key, [])]
    return {
        "id": op["operationId"].split("_", 1)[1], "method": ep.method, "summary": op["summary"],
        "user_path": ep.paths.get("user"), "key_path": ep.paths.get("key"),
        "public": ep.access.public, "module": ep.access.module, "scope": ep.scope, "verb": ep.access.verb,
        "roles": ep.roles, "access": md(access_text(ep)), "notes": md(cat.NOTES.get(ep.key)),
        "service": ep.service, "rpc": None if ep.service == "gateway" else ep.key,
        "params": params, "idempotent": ep.method != "GET" and not ep.access.public,
        "company_header": not ep.access.public and ep.access.company,
        "body_media": media, "body_model": body_component(ep),
        "fields": field_rows(schema["schema"], schemas) if schema else [],
        **_answer(ep, op, schemas),
        "success": ep.success, "errors": [int(s) for s in op["responses"] if s.startswith(("4", "5"))],
        "search": _search_text(ep, op), **_samples(ep, op, ep.paths[context], spec),
    }


def reference() -> dict[str, Any]:
    """What the template shows: areas in order, each with its endpoints."""
    spec = build_spec()
    areas: dict[str, dict[str, Any]] = {t["name"]: {"name": t["name"], "description": t.get("description", ""),
                                                    "endpoints": []} for t in spec["tags"]}
    for ep in endpoints():
        areas[area(ep.path)]["endpoints"].append(_endpoint_view(ep, spec))
    operations = [{"path": p, "summary": s, "media": m, "search": f"get {p} operations {s}".lower()}
                  for p, s, m in cat.OPERATIONS]
    return {"title": spec["info"]["title"], "version": spec["info"]["version"],
            "description": md(spec["info"]["description"]), "operations": operations,
            "areas": [a for a in areas.values() if a["endpoints"]],
            "count": sum(len(a["endpoints"]) for a in areas.values()),
            "css": _asset("docs.css"), "js": _asset("docs.js"), "origin": ORIGIN}


def _asset(name: str) -> Markup:
    """The page's stylesheet and script, inlined: the page stays one self-contained response."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


@functools.cache
def page_html() -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("docs.html.j2").render(**reference())


@functools.cache
def spec_text() -> str:
    return dumps(build_spec())


async def docs(_request: web.Request) -> web.Response:
    resp = web.Response(text=page_html(), content_type="text/html", charset="utf-8")
    resp.enable_compression()  # deflate or gzip when accepted: ~430 KB of HTML become ~35 KB
    return resp


async def openapi_json(_request: web.Request) -> web.Response:
    return web.Response(text=spec_text(), content_type="application/json", charset="utf-8")


def docs_routes() -> list[web.RouteDef]:
    return [web.get("/docs", docs), web.get("/openapi.json", openapi_json)]
