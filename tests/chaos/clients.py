"""Concurrent integrators posting invoices, and paying some of them, as a careful one would.

Each invoice and each payment gets its own Idempotency-Key; transport errors, 5xx and 409
"Solicitud en proceso" are retried with the same key and an exponential back-off (0.2 s
doubling, at most 2 s, with jitter; Retry-After is not waited for in full) until a 201, whose
document (payment) id is recorded. Any other answer is an error of the platform: recorded,
and that invoice (payment) is not tried again. Two answers of payments are not errors: 409
"El documento aún se está registrando" (payments has not consumed the invoice's recorded event
yet; nothing was applied, and the gateway keeps that answer for the key) is tried again with a
NEW key after the back-off; a 422 on `apply_advance_amount` (no advance of the customer left
at that moment) is a refusal, counted. An invoice or payment that gets no 201 within `patience`
seconds is given up (also a violation).

After an invoice's 201 its client registers the payments shop.payment_rounds draws for it
(`pay_share` of the invoices; none by default): the payments of a round at once, on the same
document, the rounds one after the other.
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import httpx

from tests.chaos.invariants import PaymentReceived
from tests.chaos.shop import Shop, payment_rounds

IN_PROGRESS = "Solicitud en proceso"
RECORDING = "El documento aún se está registrando"  # payments: the recorded event not consumed yet


@dataclass
class PaymentStats:
    received: dict[str, PaymentReceived] = field(default_factory=dict)  # Idempotency-Key -> its 201
    planned: int = 0
    invoices: int = 0                                  # invoices with payments planned
    together: int = 0                                  # payments posted with others on the same document
    retries: Counter = field(default_factory=Counter)  # reason -> count (same key, or a new one after 409)
    requests: int = 0
    refused: list[str] = field(default_factory=list)   # 422 apply_advance_amount: no advance left then
    errors: list[str] = field(default_factory=list)
    given_up: list[str] = field(default_factory=list)

    @property
    def applied(self) -> Decimal:
        return sum((p.applied for p in self.received.values()), Decimal(0))


@dataclass
class ClientStats:
    received: dict[str, int] = field(default_factory=dict)  # Idempotency-Key -> document id of its 201
    retries: Counter = field(default_factory=Counter)         # reason -> count
    requests: int = 0
    errors: list[str] = field(default_factory=list)            # unexpected answers
    given_up: list[str] = field(default_factory=list)          # keys without a 201 in time
    last_201_at: float = 0.0
    payments: PaymentStats = field(default_factory=PaymentStats)

    @property
    def created(self) -> int:
        return len(self.received)


class Clients:
    def __init__(self, base_url: str, api_key: str, shop: Shop, invoices: int, *, clients: int = 8,
                 patience: float = 120, seed: int = 0, backoff: float = 0.2, pay_share: float = 0.0,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.base_url, self.api_key, self.shop = base_url, api_key, shop
        self.invoices, self.clients, self.patience = invoices, clients, patience
        self.backoff, self.transport, self.seed, self.pay_share = backoff, transport, seed, pay_share
        self.stats = ClientStats()
        self.next_index = 0
        self.random = random.Random(seed)

    async def run(self) -> ClientStats:
        await asyncio.gather(*(self._client() for _ in range(self.clients)))
        return self.stats

    async def _client(self) -> None:
        headers = {"X-API-Key": self.api_key}
        async with httpx.AsyncClient(base_url=f"{self.base_url}/api/v1/company", headers=headers,
                                     timeout=httpx.Timeout(45, connect=3), transport=self.transport) as http:
            while self.next_index < self.invoices:
                index, self.next_index = self.next_index, self.next_index + 1
                if (invoice := await self._invoice(http, index)) is not None and self.pay_share:
                    await self._pay(http, index, invoice)

    async def _invoice(self, http: httpx.AsyncClient, index: int) -> dict | None:
        """The `data` of the invoice's 201; None when it got none (an error or given up, recorded)."""
        key = f"chaos-{index}-{uuid.uuid4().hex}"
        resp = await self._post(http, "/documents/invoices", key, self.shop.invoice(index), self.stats)
        if resp is None:
            self.stats.given_up.append(key)
        elif resp.status_code == 201:
            data = resp.json()["data"]
            self.stats.received[key] = data["id"]
            self.stats.last_201_at = time.monotonic()
            return data
        else:
            self.stats.errors.append(f"{key}: {resp.status_code} {resp.text[:300]}")
        return None

    async def _pay(self, http: httpx.AsyncClient, index: int, invoice: dict) -> None:
        rounds = payment_rounds(Decimal(str(invoice["total"])), self.seed, index, self.pay_share)
        p = self.stats.payments
        p.invoices += bool(rounds)
        for n, payments in enumerate(rounds):
            p.planned += len(payments)
            p.together += len(payments) if len(payments) > 1 else 0
            await asyncio.gather(*(self._pay_one(http, f"chaos-pay-{index}.{n}.{i}", {
                "document_id": invoice["id"], "payment_date": invoice["issue_date"], **body})
                for i, body in enumerate(payments)))

    async def _pay_one(self, http: httpx.AsyncClient, name: str, body: dict) -> None:
        p, deadline, attempt = self.stats.payments, time.monotonic() + self.patience, 0
        while True:
            key = f"{name}-{uuid.uuid4().hex}"
            resp = await self._post(http, "/payments", key, body, p)
            if resp is None:
                p.given_up.append(key)
            elif resp.status_code == 201:
                data = resp.json()["data"]
                p.received[key] = PaymentReceived(
                    body["document_id"], data["payment_id"], Decimal(body.get("amount", "0")),
                    *(Decimal(str(data[k])) for k in ("applied_advance_amount", "excess_amount",
                                                      "created_advance_amount")))
            elif resp.status_code == 409 and _message(resp).startswith(RECORDING) and time.monotonic() < deadline:
                p.retries["409 registrando (new key)"] += 1
                attempt += 1
                await self._back_off(attempt)
                continue
            elif resp.status_code == 422 and set(_errors(resp)) == {"apply_advance_amount"}:
                p.refused.append(f"{key}: {_message(resp)}")
            else:
                p.errors.append(f"{key}: {resp.status_code} {resp.text[:300]}")
            return

    async def _post(self, http: httpx.AsyncClient, path: str, key: str, body: dict, tally) -> httpx.Response | None:
        """POST with the key until an answer that settles it (a 201 or an answer not worth retrying with
        the same key); None when none came within `patience`. `tally` counts requests and retries."""
        deadline, attempt = time.monotonic() + self.patience, 0
        while True:
            tally.requests += 1
            try:
                resp = await http.post(path, json=body, headers={"Idempotency-Key": key})
                reason = _retry_reason(resp)
            except httpx.TransportError as exc:
                resp, reason = None, f"transport:{type(exc).__name__}"
            if reason is None:
                return resp
            tally.retries[reason] += 1
            if time.monotonic() > deadline:
                return None
            attempt += 1
            await self._back_off(attempt)

    async def _back_off(self, attempt: int) -> None:
        delay = min(10 * self.backoff, self.backoff * 2 ** min(attempt, 4))
        await asyncio.sleep(delay * self.random.uniform(0.5, 1))


def _retry_reason(resp: httpx.Response) -> str | None:
    """Why the same request is tried again with the same key; None: the answer settles the key."""
    if resp.status_code >= 500:
        return f"http{resp.status_code}"
    if resp.status_code == 409 and _message(resp).startswith(IN_PROGRESS):
        return "409 en proceso"
    return None


def _json(resp: httpx.Response) -> dict:
    try:
        body = resp.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _message(resp: httpx.Response) -> str:
    return str(_json(resp).get("message", ""))


def _errors(resp: httpx.Response) -> dict:
    errors = _json(resp).get("errors")
    return errors if isinstance(errors, dict) else {}
