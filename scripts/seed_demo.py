"""Demo data of the demo company, through the public API (company context, X-API-Key).

Idempotent: each list is read first and only what is missing is created, so
`make up` can run any number of times. Prints what it created.
Environment: GATEWAY_URL, API_KEY.
"""
from __future__ import annotations

import os
import sys
from typing import Any, Callable

import httpx

ESTABLISHMENTS = [("001", "Matriz", "Av. Amazonas N24-03 y Colon, Quito"),
                  ("002", "Sucursal Norte", "Av. Eloy Alfaro N45-12, Quito")]
POINTS_OF_SALE = [("001", "001", "Caja 1"), ("001", "002", "Caja 2"), ("002", "001", "Caja Norte")]
CUSTOMER = {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo",
            "email": "cliente.demo@example.com", "address": "Quito"}
WAREHOUSE = {"code": "BOD-01", "name": "Bodega Principal"}
PRODUCTS = [  # code, name, price, IVA %, tracks stock
    ("LAP-001", "Lapiz HB", 0.50, 15, True),
    ("CUA-001", "Cuaderno 100 hojas", 2.75, 15, True),
    ("SRV-001", "Servicio de instalacion", 25.00, 15, False),
]
INITIAL_STOCK = 100


class ApiError(RuntimeError):
    pass


class Api:
    def __init__(self, client: httpx.Client):
        self.client = client
        self.created: list[str] = []

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        resp = self.client.request(method, path, **kw)
        if resp.status_code >= 400:
            raise ApiError(f"{method} {path} -> {resp.status_code}: {resp.text[:500]}")
        return resp

    def note(self, what: str) -> None:
        self.created.append(what)
        print(f"[seed] created {what}", file=sys.stderr)

    def list_all(self, path: str, **params) -> list[dict[str, Any]]:
        items, page = [], 1
        while True:
            body = self.request("GET", path, params={**params, "per_page": 100, "page": page}).json()
            items += body.get("data", [])
            meta = body.get("meta") or {}
            if page >= int(meta.get("last_page") or body.get("last_page") or 1):
                return items
            page += 1

    def ensure(self, path: str, label: str, body: dict[str, Any],
               match: Callable[[dict[str, Any]], bool], existing: list[dict[str, Any]] | None = None) -> dict:
        items = self.list_all(path) if existing is None else existing
        for item in items:
            if match(item):
                return item
        created = self.request("POST", path, json=body).json()
        created = created.get("data", created) if isinstance(created, dict) else created
        self.note(f"{label} (id {created.get('id')})")
        if existing is not None:
            existing.append(created)
        return created


def seed(api: Api) -> None:
    est_ids = {}
    for code, name, address in ESTABLISHMENTS:
        est = api.ensure("/establishments", f"establishment {code} {name}",
                         {"code": code, "name": name, "address": address}, lambda e, c=code: e.get("code") == c)
        est_ids[code] = est["id"]
    pos_list = api.list_all("/points-of-sale")
    for est_code, code, name in POINTS_OF_SALE:
        est_id = est_ids[est_code]
        api.ensure("/points-of-sale", f"point of sale {est_code}-{code}",
                   {"establishment_id": est_id, "code": code, "name": name},
                   lambda p, e=est_id, c=code: p.get("code") == c and p.get("establishment_id") == e, pos_list)
    api.ensure("/customers", f"customer {CUSTOMER['name']} ({CUSTOMER['identification']})", CUSTOMER,
               lambda c: c.get("identification") == CUSTOMER["identification"])
    warehouse = api.ensure("/warehouses", f"warehouse {WAREHOUSE['code']} {WAREHOUSE['name']}", WAREHOUSE,
                           lambda w: w.get("code") == WAREHOUSE["code"])
    products = api.list_all("/products")
    for code, name, price, tax_rate, tracks in PRODUCTS:
        before = len(api.created)
        product = api.ensure("/products", f"product {code} {name}",
                             {"code": code, "name": name, "price": price, "tax_rate": tax_rate, "tracks_stock": tracks},
                             lambda p, c=code: p.get("code") == c, products)
        if tracks and (len(api.created) > before or not has_stock_history(api, warehouse["id"], product["id"])):
            add_initial_stock(api, warehouse, product, code)


def has_stock_history(api: Api, warehouse_id: int, product_id: int) -> bool:
    """True when the product already has stock (or movements) in the warehouse.

    Reads GET /inventory/stock; if that endpoint is not there yet, assumes the stock
    was seeded together with the product (it is only added right after creating it).
    """
    try:
        rows = api.list_all("/inventory/stock", warehouse_id=warehouse_id, product_id=product_id)
    except ApiError as exc:
        if " -> 404" in str(exc) or " -> 405" in str(exc):
            return True
        raise
    return any(int(r.get("product_id", product_id)) == product_id for r in rows)


def add_initial_stock(api: Api, warehouse: dict, product: dict, code: str) -> None:
    body = {"type": "adjustment_in", "warehouse_id": warehouse["id"], "reference": "Inventario inicial demo",
            "items": [{"product_id": product["id"], "quantity": INITIAL_STOCK}]}
    key = f"seed-demo-stock-{warehouse['id']}-{product['id']}"
    api.request("POST", "/inventory/movements", json=body, headers={"Idempotency-Key": key})
    api.note(f"stock {INITIAL_STOCK} of {code} in {warehouse.get('code', warehouse['id'])}")


def main() -> int:
    url, key = os.environ["GATEWAY_URL"].rstrip("/"), os.environ["API_KEY"]
    with httpx.Client(base_url=url + "/api/v1/company", headers={"X-API-Key": key}, timeout=30) as client:
        api = Api(client)
        try:
            seed(api)
        except (ApiError, httpx.HTTPError) as exc:
            print(f"[seed] ERROR: {exc}", file=sys.stderr)
            return 1
    if not api.created:
        print("[seed] demo data already present, nothing created", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
