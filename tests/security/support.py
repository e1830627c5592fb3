"""Helpers of the security tests: the operations the gateway serves (from its /openapi.json, checked
against the route table), filling their ids with another company's, the public error format, and
snapshots of one company's data (through the API and in the database) to prove nothing changed."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

from services.gateway.routes import FORWARDS, KEY_PREFIX, OWN, USER_PREFIX

PARAM = re.compile(r"\{(\w+)\}")
# the resource a path parameter names, by the path segment before it
PATH_IDS = {"customers": "customer", "products": "product", "warehouses": "warehouse", "establishments": "establishment",
            "points-of-sale": "point", "documents": "invoice", "payments": "payment", "movements": "movement",
            "kardex": "product", "api-keys": "api_key", "users": "user", "webhooks": "webhook",
            "deliveries": "delivery"}
# query parameters that carry an id, and the resource they name
QUERY_IDS = {"customer_id": "customer", "warehouse_id": "warehouse", "product_id": "product",
             "document_id": "invoice", "establishment_id": "establishment"}
SEARCH_PARAMS = ("q", "search")  # searched for the victim's marker: a leak would find it
VOLATILE = {"last_used_at"}  # written by the owner's own use of a key


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # the template after the context prefix, e.g. /customers/{id}
    query: tuple[str, ...]  # query parameter names the operation declares
    company: bool  # needs X-Company-Id in the user context

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def route_table() -> set[tuple[str, str]]:
    """(method, path) of every authenticated route, as routes.py registers them (one context)."""
    return {(m, p) for m, p, *_ in OWN} | {(f.method, f.path) for f in FORWARDS}


def operations(spec: dict[str, Any]) -> list[Operation]:
    """The company-context operations of the served document (every one also exists in the user context)."""
    found = []
    for path, ops in spec["paths"].items():
        if not path.startswith(KEY_PREFIX + "/"):
            continue
        tail = path.removeprefix(KEY_PREFIX)
        user_ops = spec["paths"].get(USER_PREFIX + tail, {})
        for method, op in ops.items():
            query = tuple(p["name"] for p in op.get("parameters", []) if p.get("in") == "query")
            needs_company = any(p.get("$ref", "").endswith("/XCompanyId") for p in user_ops.get(method, {})
                                .get("parameters", []))
            found.append(Operation(method.upper(), tail, query, needs_company))
    return sorted(found, key=lambda o: (o.path, o.method))


def fill_path(op: Operation, ids: dict[str, Any]) -> str:
    """The path with each parameter replaced by the id of the resource it names (KeyError: unmapped)."""
    parts = op.path.split("/")
    out = []
    for i, part in enumerate(parts):
        name = PARAM.fullmatch(part)
        out.append(str(ids[PATH_IDS[parts[i - 1]]]) if name else part)
    return "/".join(out)


def fill_query(op: Operation, ids: dict[str, Any], marker: str) -> dict[str, str]:
    query = {name: str(ids[QUERY_IDS[name]]) for name in op.query if name in QUERY_IDS}
    query.update({name: marker for name in op.query if name in SEARCH_PARAMS})
    return query


def is_error_body(resp: httpx.Response, status: int | None = None) -> bool:
    """A non-2xx answer in the public format: {"message": "<Spanish>", "errors": {...}?} and an X-Request-Id."""
    try:
        body = resp.json()
    except ValueError:
        return False
    return ((status is None or resp.status_code == status) and isinstance(body, dict)
            and isinstance(body.get("message"), str) and bool(body["message"])
            and set(body) <= {"message", "errors"} and bool(resp.headers.get("X-Request-Id")))


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


async def api_snapshot(api: httpx.AsyncClient, ops: list[Operation], ids: dict[str, Any], marker: str) -> dict:
    """Every GET of the API, as the owner sees it: {label: (status, body or its digest)}."""
    out = {}
    for op in ops:
        if op.method != "GET":
            continue
        resp = await api.get(fill_path(op, ids), params=fill_query(op, ids, marker))
        if resp.headers.get("Content-Type", "").startswith("application/json"):
            out[op.label] = (resp.status_code, _stable(resp.json()))
        else:
            out[op.label] = (resp.status_code, hashlib.sha256(resp.content).hexdigest())
    return out


async def db_snapshot(database_url: str, company_id: int) -> dict[str, str]:
    """{schema.table: digest of the company's rows} for every table with a company_id column."""
    conn = await asyncpg.connect(database_url)
    try:
        tables = await conn.fetch(
            "SELECT table_schema, table_name FROM information_schema.columns WHERE column_name = 'company_id' "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2")
        out = {}
        for t in tables:
            name = f'"{t["table_schema"]}"."{t["table_name"]}"'
            cols = [r["column_name"] for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 "
                "ORDER BY ordinal_position", t["table_schema"], t["table_name"])]
            shown = ", ".join(f'"{c}"' for c in cols if c not in VOLATILE)
            rows = await conn.fetch(f"SELECT {shown} FROM {name} WHERE company_id = $1", company_id)
            text = sorted(json.dumps(dict(r), default=str, sort_keys=True) for r in rows)
            out[name] = hashlib.sha256("\n".join(text).encode()).hexdigest() + f" ({len(rows)} rows)"
        return out
    finally:
        await conn.close()


def leaks(resp: httpx.Response, secrets: list[str]) -> list[str]:
    """The victim's distinctive values found in an answer to someone else."""
    text = resp.text
    return [s for s in secrets if s in text]
