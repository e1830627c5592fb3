"""No 5xx for any body: malformed bodies sent through the gateway to the issue-3 writes.

A valid body per endpoint is mutated one field at a time (wrong types, null, empty,
huge, negative, strings for numbers, nested garbage, NUL characters, NaN and
Infinity, the field removed) and whole bodies are replaced by non-objects, malformed
or deeply nested JSON. Every answer must be a 4xx (never a 5xx); every 422 carries
`errors` in the public format naming the mutated field (or a field under or above it).
Ids of another company are 404 in the path and a 422 on their field in a body. The real
gateway, documents, inventory and sequencing run as processes on a database and vhost
of their own.
"""
from __future__ import annotations

import asyncio
import copy
import itertools
import json
from datetime import timedelta
from typing import Any, Callable

import httpx
import pytest

from shared.sri.timezone import today_ec
from tests import harness
from tests.e2e.conftest import bootstrap
from tests.e2e.sri_double import authorize

pytestmark = pytest.mark.e2e
KEY_A, KEY_B = "ek_badbody0_" + "a" * 36, "ek_badbody1_" + "b" * 36
OK = {200, 201}
GARBAGE: list[Any] = [None, "", "abc", -1, 0, 1.5, 1e308, 10**30, 2**63, -(2**63) - 5, True, [], {}, [1],
                      {"a": {"b": [None]}}, "NaN", "Infinity", "1e400", "0.0000001", "2026-02-30", "x" * 5000,
                      "\u0000", "a\u0000b", "99999999999999999999.99", float("nan"), float("-inf")]
CONTAINERS = [json.dumps(v) for v in GARBAGE if isinstance(v, (list, dict))]
NON_FINITE = ("NaN", "-Infinity")
RAW_BODIES = [  # (body, refused even by an update: an update may be empty or carry only unknown fields)
    (b"[]", True), (b'"x"', True), (b"1", True), (b"true", True), (b"null", False), (b"{}", False),
    (b'{"items": {}}', False), (b'{"items": [[]]}', False), (b'{"items": [{"quantity": 1e999}]}', False),
    (b"{" * 2000 + b"}" * 2000, True), (b'{"items": ' + b"[" * 5000 + b"]" * 5000 + b"}", True),
    (b'{"a": 1,', True), (b"\xff\xfe", True), (b'{"na\\u0000me": 1}', True)]
# an empty list or object here means "the default" (every document type, counters from 1)
EMPTY_MEANS_DEFAULT = {"document_types", "next_numbers"}
_serial = itertools.count(1)


@pytest.fixture(scope="module")
async def stack(infra, service_env, start_service):
    name, env = await harness.isolated_env(infra, "e2ebad")
    tenants = [bootstrap({**service_env, **env}, key=KEY_A),
               bootstrap({**service_env, **env}, ruc="1790016919001", key=KEY_B)]
    procs = [start_service(svc, **env) for svc in ("sequencing", "inventory")]
    procs.append(start_service("documents", **env, WAIT_UNTIL="numbered"))
    procs.append(start_service("gateway", **env, RATE_LIMIT_PER_MINUTE="0"))
    yield {"tenants": tenants, "gateway": procs[-1], "amqp_url": env["AMQP_URL"]}
    for proc in procs:
        proc.stop()
    await harness.drop_env(infra, name)


def client(stack, tenant: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=stack["gateway"].url + "/api/v1/company", timeout=60,
                             headers={"X-API-Key": stack["tenants"][tenant]["api_key"]})


@pytest.fixture(scope="module")
async def apis(stack):
    async with client(stack, 0) as a, client(stack, 1) as b:
        yield a, b


async def created(api: httpx.AsyncClient, path: str, body: dict) -> dict:
    resp = await api.post(path, json=body)
    assert resp.status_code == 201, (path, resp.text)
    return resp.json()["data"]


async def shop(api: httpx.AsyncClient, tag: str) -> dict[str, int]:
    """Series 001-001, a warehouse with stock, a stocked product, a service, a customer, an issued
    invoice with a large line to credit (each mutated credit note takes a little of it), and
    spare records for the mutated updates (so they cannot disturb the creates running beside them)."""
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz"})
    point = await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    spare_point = await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "900"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    spare_warehouse = (await created(api, "/warehouses", {"code": "BOD-99", "name": "Otra"}))["id"]
    product = (await created(api, "/products", {"code": "LAP", "name": "Lapiz", "price": "0.50", "tax_rate": 15}))["id"]
    spare_product = (await created(api, "/products", {"code": "OTRO", "name": "Otro", "price": 1}))["id"]
    service = (await created(api, "/products", {"code": "SRV", "name": "Servicio", "price": "0.01", "tax_rate": 15,
                                                "tracks_stock": False}))["id"]
    movement = (await created(api, "/inventory/movements", {"type": "adjustment_in", "warehouse_id": warehouse,
                                                            "items": [{"product_id": product, "quantity": 100000}]}))
    customer = (await created(api, "/customers", {"identification_type": "pasaporte", "name": "Cliente",
                                                  "identification": f"PAS-{tag}"}))["id"]
    spare_customer = (await created(api, "/customers", {"identification_type": "pasaporte", "name": "Otro",
                                                        "identification": f"PAS-{tag}-2"}))["id"]
    invoice = await created(api, "/documents/invoices", {"warehouse_id": warehouse, "customer_id": customer,
                                                         "items": [{"product_id": service, "quantity": 1000000}]})
    assert invoice["number"], invoice
    line = (await api.get(f"/documents/{invoice['id']}")).json()["items"][0]["id"]
    return {"warehouse": warehouse, "product": product, "service": service, "customer": customer,
            "invoice": invoice["id"], "line": line, "movement": movement["id"], "establishment": est["id"],
            "point": point["id"], "spare_point": spare_point["id"], "spare_warehouse": spare_warehouse,
            "spare_product": spare_product, "spare_customer": spare_customer}


@pytest.fixture(scope="module")
async def shops(apis, stack):
    made = await shop(apis[0], "A"), await shop(apis[1], "B")
    for api, made_shop, tenant in zip(apis, made, stack["tenants"]):  # notes need an authorized invoice
        await authorize(api, stack["amqp_url"], tenant["company_id"], made_shop["invoice"])
    return made


def targets(s: dict[str, int]) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, a valid body) per endpoint; documents as drafts, so little is consumed."""
    return [
        ("POST", "/documents/invoices?wait=0", {
            "warehouse_id": s["warehouse"], "customer_id": s["customer"], "series": "001-001",
            "issue_date": str(today_ec() - timedelta(days=10)), "due_days": 5, "reference": "r", "seller_name": "s",
            "order_reference": "o", "notes": "n", "currency": "USD", "delivered": False, "submit_mode": "draft",
            "register_initial_payment": False, "initial_payment_method": "efectivo",
            "items": [{"product_id": s["product"], "description": "d", "quantity": 1, "unit_price": "1.5",
                       "tax_rate": 15, "discount_mode": "percent", "discount_value": 1},
                      {"description": "libre", "quantity": "2.5", "unit_price": 3, "tax_rate": 0,
                       "discount_rate": 10}]}),
        ("POST", "/documents/sales-orders?wait=0", {
            "customer_id": s["customer"], "due_date": "2030-01-31",
            "items": [{"product_id": s["product"], "quantity": 2}]}),
        ("POST", "/documents/credit-notes?wait=0", {
            "source_document_id": s["invoice"], "reason": "Devolución", "submit_mode": "draft",
            "return_stock": False, "warehouse_id": s["warehouse"],
            "items": [{"source_line_id": s["line"], "quantity": 1, "unit_price": "0.01"}]}),
        ("POST", "/documents/debit-notes?wait=0", {
            "source_document_id": s["invoice"], "tax_rate": 15, "due_days": 3, "submit_mode": "draft",
            "reasons": [{"reason": "Intereses", "amount": "1.25"}]}),
        ("POST", "/customers", {"identification_type": "pasaporte", "identification": None, "name": "Cliente X",
                                "email": "a@b.ec", "phone": "0999", "address": "Quito", "code": None}),
        ("PUT", f"/customers/{s['spare_customer']}", {"name": "Cliente Y", "email": "y@b.ec", "phone": "1",
                                                       "address": "Quito", "code": None}),
        ("POST", "/products", {"code": None, "name": "Producto", "description": "d", "price": "1.25", "tax_rate": 15,
                               "tracks_stock": True, "unit": "u", "min_stock": 1}),
        ("PUT", f"/products/{s['spare_product']}", {"name": "Otro", "price": "2.5", "tax_rate": 5, "unit": "kg",
                                                     "min_stock": "0.5", "tracks_stock": False}),
        ("POST", "/inventory/movements", {"type": "adjustment_in", "warehouse_id": s["warehouse"], "reference": "r",
                                          "notes": "n", "items": [{"product_id": s["product"], "quantity": 1,
                                                                   "unit_cost": 1}]}),
        ("POST", "/warehouses", {"code": None, "name": "Bodega", "address": "a", "active": True}),
        ("PUT", f"/warehouses/{s['spare_warehouse']}", {"name": "Otra", "address": "b", "active": True}),
        ("POST", "/establishments", {"code": None, "name": "Sucursal", "address": "a",
                                     "document_types": ["invoice", "sales_note"]}),
        ("POST", "/points-of-sale", {"establishment_id": s["establishment"], "code": None, "name": "Caja",
                                     "document_types": ["invoice"], "manual_numbering": False,
                                     "next_numbers": {"invoice": 10}}),
        ("PUT", f"/points-of-sale/{s['spare_point']}", {"name": "Caja", "active": True, "manual_numbering": False,
                                                         "document_types": ["invoice", "quotation"]}),
    ]


def _three_digits() -> str:
    return f"{next(_serial) % 898 + 101:03d}"  # 101..998: never the fixtures' 001 or 900


UNIQUE: dict[str, dict[str, Callable[[], str]]] = {  # fields that must differ on every create
    "/customers": {"identification": lambda: f"Z{next(_serial):07d}", "code": lambda: f"C{next(_serial):07d}"},
    "/products": {"code": lambda: f"P{next(_serial):07d}"},
    "/warehouses": {"code": lambda: f"W{next(_serial):07d}"},
    "/establishments": {"code": _three_digits},
    "/points-of-sale": {"code": _three_digits},
}
# Valid on purpose: a credit line without quantity credits all that is left of the invoice line.
NOT_MUTATED = {("/documents/credit-notes?wait=0", "items.0.quantity")}


def leaves(obj: Any, prefix: tuple = ()):
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for key, value in items:
        yield prefix + (key,)
        yield from leaves(value, prefix + (key,))


def with_value(body: dict, path: tuple, value: Any, *, remove: bool = False) -> dict:
    out = copy.deepcopy(body)
    target = out
    for part in path[:-1]:
        target = target[part]
    if remove:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def fresh(url: str, body: dict, mutated: str) -> dict:
    """Unique codes and identifications per create, except where that field is the one mutated."""
    out = dict(body)
    for field, make in UNIQUE.get(url, {}).items():
        if field != mutated and field in out:
            out[field] = make()
    return out


def dotted(path: tuple) -> str:
    return ".".join(str(p) for p in path)


# cross-field rules: a line without product_id needs its own description and unit_price
CROSS = {"product_id": ("description", "unit_price")}


def related(error_path: str, mutated: str) -> bool:
    """The error names the mutated field, a field under it, one above it, or one it is required with."""
    parent, _, name = mutated.rpartition(".")
    together = {f"{parent}.{other}" if parent else other for other in CROSS.get(name, ())}
    return (error_path == mutated or error_path.startswith(mutated + ".") or mutated.startswith(error_path + ".")
            or error_path in together)


def mutations(url: str, base: dict):
    """(label, mutated path, body) for every field x garbage value, and every field removed."""
    for path in leaves(base):
        field = dotted(path)
        if any(url == u and (field == f or field.startswith(f + ".")) for u, f in NOT_MUTATED):
            continue
        for value in GARBAGE:
            yield f"{field}={json.dumps(value)[:40]}", field, fresh(url, with_value(base, path, value), field)
        yield f"{field} removed", field, fresh(url, with_value(base, path, None, remove=True), field)


Job = tuple[str, str, str, str, bytes]  # label, mutated field ("" for whole bodies), method, url, raw body


async def send_all(api: httpx.AsyncClient, jobs: list[Job], parallel: int = 6) -> list[tuple]:
    """-> [(label, mutated, method url, status, json body)]."""
    gate = asyncio.Semaphore(parallel)

    async def one(label, mutated, method, url, raw):
        async with gate:
            resp = await api.request(method, url, content=raw, headers={"Content-Type": "application/json"})
        try:
            body = resp.json()
        except ValueError:
            body = resp.text[:200]
        return label, mutated, f"{method} {url}", resp.status_code, body

    return await asyncio.gather(*(one(*job) for job in jobs))


def well_formed_422(body: Any) -> bool:
    errors = body.get("errors") if isinstance(body, dict) else None
    return isinstance(body.get("message"), str) and isinstance(errors, dict) and bool(errors) and all(
        isinstance(v, list) and v and all(isinstance(m, str) and m for m in v) for v in errors.values())


def problems_of(results) -> list[tuple]:
    """Every answer that is a 5xx or another unexpected status, a 422 without `errors` in the
    public format, or a 422 whose `errors` does not name the mutated field."""
    bad = []
    for label, mutated, target, status, body in results:
        if status not in OK | {404, 409, 422}:
            bad.append((target, label, status, body))
        elif status == 422 and not well_formed_422(body):
            bad.append((target, label, status, body))
        elif status == 422 and mutated and not any(related(path, mutated) for path in body["errors"]):
            bad.append((target, label, status, body["errors"]))
    return bad


async def test_valid_bodies_are_accepted(apis, shops):
    for method, url, body in targets(shops[0]):
        resp = await apis[0].request(method, url, json=fresh(url, body, ""))
        assert resp.status_code in OK, (method, url, resp.text)


async def test_every_field_mutated_is_a_4xx_naming_the_field(apis, shops):
    jobs: list[Job] = []
    must_refuse: set[tuple[str, str]] = set()
    for method, url, base in targets(shops[0]):
        for label, field, body in mutations(url, base):
            jobs.append((label, field, method, url, json.dumps(body).encode()))
            value = label.split("=", 1)[-1]
            empty_default = value in ("[]", "{}") and field in EMPTY_MEANS_DEFAULT
            if value in NON_FINITE or (value in CONTAINERS and not empty_default):
                must_refuse.add((f"{method} {url}", label))
        for raw, always in RAW_BODIES:
            jobs.append((f"raw {raw[:20]!r}", "", method, url, raw))
            if always or method == "POST":
                must_refuse.add((f"{method} {url}", f"raw {raw[:20]!r}"))
    results = await send_all(apis[0], jobs)
    assert len(results) > 2000
    assert [(target, label) for label, _, target, status, _ in results if status >= 500] == []
    assert problems_of(results) == []
    # garbage is refused, not stored: no field takes a list, an object or a non-finite number in
    # place of its own value, and no body but an object is accepted
    accepted = [(target, label) for label, _, target, status, _ in results
                if status in OK and (target, label) in must_refuse]
    assert accepted == []


async def test_ids_of_another_company_are_refused_on_their_field(apis, shops):
    mine, theirs = shops
    bodies = {url: body for _, url, body in targets(mine)}
    swaps = [  # (url, path in the body, the other company's id)
        ("/documents/invoices?wait=0", ("warehouse_id",), theirs["warehouse"]),
        ("/documents/invoices?wait=0", ("customer_id",), theirs["customer"]),
        ("/documents/invoices?wait=0", ("items", 0, "product_id"), theirs["product"]),
        ("/documents/invoices?wait=0", ("source_document_id",), theirs["invoice"]),
        ("/documents/sales-orders?wait=0", ("customer_id",), theirs["customer"]),
        ("/documents/credit-notes?wait=0", ("source_document_id",), theirs["invoice"]),
        ("/documents/credit-notes?wait=0", ("items", 0, "source_line_id"), theirs["line"]),
        ("/documents/credit-notes?wait=0", ("warehouse_id",), theirs["warehouse"]),
        ("/documents/debit-notes?wait=0", ("source_document_id",), theirs["invoice"]),
        ("/inventory/movements", ("warehouse_id",), theirs["warehouse"]),
        ("/inventory/movements", ("items", 0, "product_id"), theirs["product"]),
        ("/points-of-sale", ("establishment_id",), theirs["establishment"]),
    ]
    jobs: list[Job] = []
    for url, path, other_id in swaps:
        for value in (other_id, 2**62):  # another company's, and one that exists nowhere
            body = fresh(url, with_value(bodies[url], path, value), "")
            jobs.append((f"{dotted(path)}={value}", dotted(path), "POST", url, json.dumps(body).encode()))
    transfer = {**bodies["/inventory/movements"], "type": "transfer", "target_warehouse_id": theirs["warehouse"]}
    jobs.append(("transfer", "target_warehouse_id", "POST", "/inventory/movements", json.dumps(transfer).encode()))
    results = await send_all(apis[0], jobs)
    assert [(r[0], r[2], r[3]) for r in results if r[3] != 422] == []
    assert problems_of(results) == []


@pytest.mark.parametrize("method,path,body", [
    ("GET", "/documents/{invoice}", None), ("GET", "/documents/{invoice}/events", None),
    ("POST", "/documents/{invoice}/issue", None), ("POST", "/documents/{invoice}/cancel", None),
    ("GET", "/customers/{customer}", None), ("PUT", "/customers/{customer}", {"name": "X"}),
    ("DELETE", "/customers/{customer}", None), ("GET", "/products/{product}", None),
    ("PUT", "/products/{product}", {"price": 1}), ("DELETE", "/products/{product}", None),
    ("GET", "/warehouses/{warehouse}", None), ("PUT", "/warehouses/{warehouse}", {"name": "X"}),
    ("GET", "/inventory/movements/{movement}", None), ("GET", "/inventory/kardex/{product}", None),
    ("GET", "/establishments/{establishment}", None), ("GET", "/points-of-sale/{point}", None),
    ("PUT", "/points-of-sale/{point}", {"name": "X"}),
])
async def test_ids_of_another_company_in_the_path_are_404(apis, shops, method, path, body):
    resp = await apis[0].request(method, path.format(**shops[1]), json=body)
    assert resp.status_code == 404, resp.text
    assert resp.json() == {"message": "Recurso no encontrado."}


@pytest.mark.parametrize("path", ["/documents/lookups/customers", "/documents/lookups/products", "/customers",
                                  "/products", "/documents"])
async def test_nul_in_a_query_value_is_a_422_on_the_parameter(apis, path):
    resp = await apis[0].get(path, params={"q": "a\x00b", "search": "x"})
    assert resp.status_code == 422, resp.text
    assert list(resp.json()["errors"]) == ["q"]
