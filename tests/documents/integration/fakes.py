"""Fake inventory and sequencing for the documents tests: their RPC methods, and the
messages they send back (NumberAllocated / NumberRejected, StockApplied).

What is outside the documents service is faked; documents itself runs for real.
"""
from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from decimal import Decimal

import aio_pika

from shared.contracts.envelope import Envelope, routing_key_for, utcnow
from shared.contracts.inventory import StockApplied
from shared.contracts.rpc import Conflict, NotFound, RpcReply, RpcRequest, Unprocessable
from shared.contracts.sequencing import NumberAllocated, NumberRejected
from shared.messaging.connection import confirm_channel, plain_channel
from shared.messaging.rpc import RpcServer
from shared.messaging.topology import COMMANDS, EVENTS, declare_exchanges

SLOW_PRODUCT = 999_999  # products.resolve with this id answers after the caller's timeout
SERIES = {"001-001": False, "001-002": True}  # series -> manual numbering allowed
_ids = itertools.count(1000)


class FakeInventory:
    def __init__(self):
        self.products: dict[int, tuple[int, dict]] = {}   # id -> (company, product)
        self.warehouses: dict[int, int] = {}               # id -> company
        self.stock: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self.reservations: dict[int, list] = {}            # document id -> lines
        self.movements = itertools.count(1)

    def methods(self) -> dict:
        return {"products.resolve": self.resolve, "reservations.create": self.reserve,
                "reservations.release": self.release, "warehouses.get": self.warehouse}

    def add_product(self, company: int, price: str = "12.5", tax_rate: str = "15", tracks: bool = True,
                    exemption: str | None = None) -> int:
        pid = next(_ids)
        self.products[pid] = (company, {"id": pid, "code": f"P-{pid}", "name": f"Producto {pid}", "price": price,
                                        "tax_rate": tax_rate, "tax_exemption": exemption, "tracks_stock": tracks,
                                        "unit": "u", "sri_iva_code": None})
        return pid

    def add_warehouse(self, company: int, stock: dict[int, str] | None = None) -> int:
        wid = next(_ids)
        self.warehouses[wid] = company
        for pid, qty in (stock or {}).items():
            self.stock[(wid, pid)] = Decimal(qty)
        return wid

    async def resolve(self, req: RpcRequest):
        ids = req.body["product_ids"]
        if SLOW_PRODUCT in ids:
            await asyncio.sleep(3)
        mine = {str(i): self.products[i][1] for i in ids
                if i in self.products and self.products[i][0] == req.identity.company_id}
        return {"products": mine}

    async def reserve(self, req: RpcRequest):
        body, company = req.body, req.identity.company_id
        wid = body["warehouse_id"]
        if self.warehouses.get(wid) != company:
            raise Unprocessable({"warehouse_id": ["La bodega seleccionada no existe."]})
        short = {f"items.{it['line']}.quantity": ["Stock insuficiente."] for it in body["items"]
                 if self.stock[(wid, it["product_id"])] < Decimal(it["quantity"])}
        if short:
            raise Unprocessable(short, "Stock insuficiente para uno o más ítems.")
        for it in body["items"]:
            self.stock[(wid, it["product_id"])] -= Decimal(it["quantity"])
        self.reservations[body["document_id"]] = (wid, body["items"])
        return RpcReply(status=201, body={"reservation_id": body["document_id"], "expires_at": None})

    async def release(self, req: RpcRequest):
        wid, items = self.reservations.pop(req.body["document_id"], (None, []))
        for it in items:
            self.stock[(wid, it["product_id"])] += Decimal(it["quantity"])
        return {"released": bool(items)}

    async def warehouse(self, req: RpcRequest):
        wid = int(req.path_params["id"])
        if self.warehouses.get(wid) != req.identity.company_id:
            raise NotFound()
        return {"id": wid}


class FakeSequencing:
    def __init__(self):
        self.counters: dict[tuple, int] = defaultdict(int)
        self.used: set[tuple] = set()
        self.taken_meanwhile: set[int] = set()  # manual numbers another document takes after series.resolve
        self.commands: list[dict] = []

    def methods(self) -> dict:
        return {"series.resolve": self.resolve}

    async def resolve(self, req: RpcRequest):
        series = req.body.get("series") or req.body.get("default_series") or "001-001"
        if series not in SERIES:
            raise Unprocessable({"series": [f"La serie {series} no existe."]})
        number = req.body.get("number")
        if number is not None and not SERIES[series]:
            raise Unprocessable({"number": [f"La serie {series} no permite numeración manual."]})
        if number is not None and (req.identity.company_id, series, req.body["type"], number) in self.used:
            raise Conflict(f"El número {series}-{number:09d} ya fue utilizado.")
        return {"series": series, "establishment_id": 1, "establishment_code": series[:3],
                "establishment_name": "Matriz", "establishment_address": "Av. Amazonas, Quito",
                "point_of_sale_id": 1, "emission_point": series[4:], "manual_numbering": SERIES[series]}

    def allocate(self, env: Envelope):
        p = env.payload
        key = (env.company_id, p["series"], p["document_type"])
        number = p.get("manual_number")
        if number is None:
            self.counters[key] += 1
            number = self.counters[key]
        elif (*key, number) in self.used or number in self.taken_meanwhile:
            return NumberRejected(document_id=p["document_id"], reason=f"El número {number} ya fue utilizado.")
        self.used.add((*key, number))
        return NumberAllocated(document_id=p["document_id"], document_type=p["document_type"], series=p["series"],
                               establishment=p["series"][:3], emission_point=p["series"][4:], number=number,
                               display_number=f"{p['series']}-{number:09d}", allocated_at=utcnow())


class FakePayments:
    """payments' cancel guard (`receivables.close`): 200 (and remembered as closed), 409 with payments'
    reason for a document with applied payments, or no answer in time for a `silent` one."""

    HAS_PAYMENTS = "El documento tiene pagos aplicados; revierta los pagos antes de anularlo."

    def __init__(self):
        self.paid: set[int] = set()     # documents with applied payments
        self.silent: set[int] = set()   # answered after the caller's timeout
        self.closed: set[int] = set()
        self.calls: list[dict] = []     # bodies of every receivables.close

    def methods(self) -> dict:
        return {"receivables.close": self.close}

    async def close(self, req: RpcRequest):
        document_id = req.body["document_id"]
        self.calls.append(req.body)
        if document_id in self.silent:
            await asyncio.sleep(2)
        if document_id in self.paid:
            raise Conflict(self.HAS_PAYMENTS)
        self.closed.add(document_id)
        return {"document_id": document_id, "status": "closed"}

    def asked(self, document_id: int) -> int:
        return sum(1 for body in self.calls if body["document_id"] == document_id)


class Broker:
    """Plays the other services' consumers: numbering, stock, and records what documents sends
    (its events and its commands to sequencing, sri-submitter and renderer-mailer)."""

    def __init__(self, channel, sequencing: FakeSequencing, inventory: FakeInventory):
        self.channel, self.sequencing, self.inventory = channel, sequencing, inventory
        self.sent: dict[str, list[Envelope]] = defaultdict(list)

    async def start(self) -> None:
        await declare_exchanges(self.channel)
        queue = await self.channel.declare_queue("", exclusive=True)
        for exchange, key in ((COMMANDS, "sequencing.allocate_number"), (COMMANDS, "sri.submit_document"),
                              (COMMANDS, "renderer.render_and_mail"), (EVENTS, "documents.*")):
            await queue.bind(exchange, routing_key=routing_key_for(key, 1))
        await queue.consume(self.on_message, no_ack=True)

    async def on_message(self, message) -> None:
        env = Envelope.model_validate_json(message.body)
        self.sent[env.type].append(env)
        if env.type == "sequencing.allocate_number":
            await self.publish(self.sequencing.allocate(env), env)
        elif env.type in ("documents.invoice_recorded", "documents.credit_note_recorded"):
            lines = env.payload["stock_lines"]
            await self.publish(StockApplied(document_id=env.payload["document_id"],
                                            movement_id=next(self.inventory.movements) if lines else None,
                                            warehouse_id=env.payload["warehouse_id"], applied_at=utcnow()), env)

    async def publish(self, contract, cause: Envelope, company_id: int | None = None) -> None:
        env = Envelope.wrap(contract, company_id=company_id or cause.company_id,
                            correlation_id=cause.correlation_id, causation_id=str(cause.message_id))
        exchange = await self.channel.get_exchange(EVENTS)
        await exchange.publish(aio_pika.Message(env.model_dump_json().encode(), content_type="application/json"),
                               routing_key=routing_key_for(env.type, env.version))

    def for_document(self, type_: str, document_id: int) -> list[Envelope]:
        return [e for e in self.sent[type_] if e.payload.get("document_id") == document_id]

    async def wait_for(self, type_: str, document_id: int, timeout: float = 5) -> list[Envelope]:
        """The messages of that type about the document, once at least one arrived."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.for_document(type_, document_id) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return self.for_document(type_, document_id)


async def serve_fakes(conn) -> tuple[FakeInventory, FakeSequencing, Broker, list[RpcServer]]:
    """Fake inventory and sequencing on the connection's vhost, serving (stop the servers when done)."""
    inventory, sequencing = FakeInventory(), FakeSequencing()
    servers = [RpcServer(None, await plain_channel(conn), name, fake.methods())
               for name, fake in (("inventory", inventory), ("sequencing", sequencing))]
    for server in servers:
        await server.start()
    broker = Broker(await confirm_channel(conn), sequencing, inventory)
    await broker.start()
    return inventory, sequencing, broker, servers
