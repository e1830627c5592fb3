"""The tenant the chaos run invoices for, set up through the public API before any fault:
the demo company (the `bootstrap-demo` CLI), its head-office address, a signing certificate,
establishment 001 with point of sale 001, a warehouse, a stocked product with enough stock
for every invoice of the run, a service, and a customer. Also what a client pays on an
invoice it created (`payment_rounds`, drawn from the run's seed and the invoice's index)."""
from __future__ import annotations

import random
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


CENT = Decimal("0.01")
ADVANCE_USE = Decimal("0.50")  # what a payment takes from the customer's advances, at most


def split(amount: Decimal, parts: int, draw: random.Random) -> list[Decimal]:
    """`amount` in `parts` positive amounts of whole cents (fewer when it has fewer cents)."""
    cents = int(amount / CENT)
    parts = max(1, min(parts, cents))
    cuts = sorted(draw.sample(range(1, cents), parts - 1)) if parts > 1 else []
    return [CENT * (b - a) for a, b in zip([0, *cuts], [*cuts, cents])]


def payment_rounds(total: Decimal, seed: int, index: int, share: float) -> list[list[dict]]:
    """The payments a client registers on the index-th invoice, as rounds: the payments of a round are
    posted at once (asyncio.gather), the rounds one after the other. For `share` of the invoices:
    1-3 partial payments summing to at most the total (all of it half the time), at once half the
    time; then, when something is left, sometimes one paying the rest plus a little (the excess a
    new customer advance), or one taking up to $0.50 of the customer's advances (refused with 422
    when no advance is available then: every client pays for the same customer)."""
    draw = random.Random(f"pay:{seed}:{index}")
    if total < CENT or draw.random() >= share:
        return []
    cents = int(total / CENT)
    paid = total if draw.random() < 0.5 else CENT * draw.randint(max(1, cents // 5), max(1, cents * 9 // 10))
    parts = [{"amount": str(a)} for a in split(paid, draw.randint(1, 3), draw)]
    rounds = [parts] if len(parts) > 1 and draw.random() < 0.5 else [[p] for p in parts]
    rest, then = total - paid, draw.random()
    if rest > 0 and then < 0.3:
        extra = CENT * draw.randint(1, 200)
        rounds.append([{"amount": str(rest + extra), "overpayment_mode": "advance"}])
    elif rest > 0 and then < 0.5:
        rounds.append([{"apply_advance_amount": str(min(ADVANCE_USE, rest))}])
    return rounds


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
