"""Concurrent integrators posting invoices, as a careful one would.

Each invoice gets its own Idempotency-Key; transport errors, 5xx and 409 "Solicitud en
proceso" are retried with the same key and an exponential back-off (0.2 s doubling, at
most 2 s, with jitter; Retry-After is not waited for in full) until a 201, whose document
id is recorded. Any other answer is an error of the platform: recorded, and that invoice
is not tried again. An invoice that gets no 201 within `patience` seconds is given up
(also a violation).
"""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from tests.chaos.shop import Shop

IN_PROGRESS = "Solicitud en proceso"


@dataclass
class ClientStats:
    received: dict[str, int] = field(default_factory=dict)  # Idempotency-Key -> document id of its 201
    retries: Counter = field(default_factory=Counter)         # reason -> count
    requests: int = 0
    errors: list[str] = field(default_factory=list)            # unexpected answers
    given_up: list[str] = field(default_factory=list)          # keys without a 201 in time
    last_201_at: float = 0.0

    @property
    def created(self) -> int:
        return len(self.received)


class Clients:
    def __init__(self, base_url: str, api_key: str, shop: Shop, invoices: int, *, clients: int = 8,
                 patience: float = 120, seed: int = 0, backoff: float = 0.2,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.base_url, self.api_key, self.shop = base_url, api_key, shop
        self.invoices, self.clients, self.patience = invoices, clients, patience
        self.backoff, self.transport = backoff, transport
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
                await self._post(http, index)

    async def _post(self, http: httpx.AsyncClient, index: int) -> None:
        key, body = f"chaos-{index}-{uuid.uuid4().hex}", self.shop.invoice(index)
        deadline, attempt = time.monotonic() + self.patience, 0
        while True:
            reason = await self._attempt(http, key, body)
            if reason is None:
                return
            self.stats.retries[reason] += 1
            if time.monotonic() > deadline:
                self.stats.given_up.append(key)
                return
            attempt += 1
            delay = min(10 * self.backoff, self.backoff * 2 ** min(attempt, 4))
            await asyncio.sleep(delay * self.random.uniform(0.5, 1))

    async def _attempt(self, http: httpx.AsyncClient, key: str, body: dict) -> str | None:
        """None when this key is settled (201, or an answer not worth retrying); else the retry reason."""
        self.stats.requests += 1
        try:
            resp = await http.post("/documents/invoices", json=body, headers={"Idempotency-Key": key})
        except httpx.TransportError as exc:
            return f"transport:{type(exc).__name__}"
        if resp.status_code == 201:
            self.stats.received[key] = resp.json()["data"]["id"]
            self.stats.last_201_at = time.monotonic()
            return None
        if resp.status_code >= 500:
            return f"http{resp.status_code}"
        if resp.status_code == 409 and _message(resp).startswith(IN_PROGRESS):
            return "409 en proceso"
        self.stats.errors.append(f"{key}: {resp.status_code} {resp.text[:300]}")
        return None


def _message(resp: httpx.Response) -> str:
    try:
        return str(resp.json().get("message", ""))
    except ValueError:
        return ""
