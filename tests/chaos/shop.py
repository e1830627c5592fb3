"""The tenant the chaos run invoices for, set up through the public API before any fault:
the demo company (the `bootstrap-demo` CLI), its head-office address, a signing certificate,
establishment 001 with point of sale 001, a warehouse, a stocked product with enough stock
for every invoice of the run, a service, and a customer."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import httpx

from services.sri_submitter.certificates import devcert

RUC = "1792146739001"
API_KEY = "ek_chaostst_" + "c" * 36
PASSWORD = "demo-firma"
SERIES = "001-001"
MAX_QUANTITY = 3  # of the stocked product per invoice (invoice i takes 1 + i % 3)


@dataclass(frozen=True)
class Shop:
    company_id: int
    warehouse: int
    stocked: int
    service: int
    customer: int
    initial_stock: Decimal

    def invoice(self, index: int) -> dict:
        """The body of the index-th invoice: a stocked line and a service line."""
        return {"warehouse_id": self.warehouse, "customer_id": self.customer, "items": [
            {"product_id": self.stocked, "quantity": 1 + index % MAX_QUANTITY},
            {"product_id": self.service, "quantity": 1}]}


async def created(api: httpx.AsyncClient, path: str, body: dict) -> dict:
    resp = await api.post(path, json=body)
    assert resp.status_code == 201, (path, resp.status_code, resp.text)
    return resp.json()["data"]


async def open_shop(api: httpx.AsyncClient, company_id: int, invoices: int) -> Shop:
    resp = await api.put("/settings/company", json={"address": "Av. Amazonas N34-451 y Atahualpa, Quito"})
    assert resp.status_code == 200, resp.text
    resp = await api.put("/settings/certificate", data={"password": PASSWORD},
                         files={"certificate": ("firma.p12", devcert.generate_p12(RUC, PASSWORD))})
    assert resp.status_code == 200, resp.text
    est = await created(api, "/establishments", {"code": "001", "name": "Matriz", "address": "Av. Amazonas, Quito"})
    await created(api, "/points-of-sale", {"establishment_id": est["id"], "code": "001"})
    warehouse = (await created(api, "/warehouses", {"code": "BOD-01", "name": "Bodega"}))["id"]
    stocked = (await created(api, "/products", {"code": "LAP", "name": "Lápiz", "price": "0.50", "tax_rate": 15,
                                                "tracks_stock": True}))["id"]
    service = (await created(api, "/products", {"code": "SRV", "name": "Servicio de soporte", "price": "25",
                                                "tax_rate": 15, "tracks_stock": False}))["id"]
    initial = Decimal(2 * MAX_QUANTITY * invoices)  # twice what the run can take: never short of stock
    await created(api, "/inventory/movements", {"type": "adjustment_in", "warehouse_id": warehouse,
                                                "items": [{"product_id": stocked, "quantity": int(initial)}]})
    customer = await created(api, "/customers", {"identification_type": "cedula", "identification": "1710034065",
                                                 "name": "Cliente Demo", "email": "cliente@example.com"})
    return Shop(company_id, warehouse, stocked, service, customer["id"], initial)
