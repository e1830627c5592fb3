"""A test client of the platform's exchanges: publish envelopes, collect the events that come out.

Used by the sequencing and inventory integration tests (one place, not two).
"""
from __future__ import annotations

import asyncio

import aio_pika
import httpx

from shared.contracts.envelope import Contract, Envelope, routing_key_for
from shared.messaging.topology import COMMANDS, EVENTS, declare_exchanges
from tests.harness import eventually


class Bus:
    def __init__(self, amqp_url: str, listen: tuple[str, ...]):
        self.amqp_url, self.listen = amqp_url, listen
        self.received: list[Envelope] = []

    async def start(self) -> "Bus":
        self.conn = await aio_pika.connect(self.amqp_url)
        self.channel = await self.conn.channel(publisher_confirms=True)
        await declare_exchanges(self.channel)
        queue = await self.channel.declare_queue(exclusive=True, auto_delete=True)
        for key in self.listen:
            await queue.bind(EVENTS, routing_key=key)
        await queue.consume(self._on_message, no_ack=True)
        return self

    async def _on_message(self, message) -> None:
        self.received.append(Envelope.model_validate_json(message.body))

    async def publish(self, contract: Contract, *, company_id: int, times: int = 1,
                      env: Envelope | None = None) -> Envelope:
        """Publish `contract` (or the given envelope again: same message_id, a redelivery)."""
        env = env or Envelope.wrap(contract, company_id=company_id)
        name = COMMANDS if contract.KIND == "command" else EVENTS
        exchange = await self.channel.get_exchange(name)
        for _ in range(times):
            await exchange.publish(aio_pika.Message(env.model_dump_json().encode(), message_id=str(env.message_id),
                                                    content_type="application/json"),
                                   routing_key=routing_key_for(env.type, env.version), mandatory=True)
        return env

    async def publish_many(self, contracts: list[Contract], *, company_id: int) -> None:
        await asyncio.gather(*(self.publish(c, company_id=company_id) for c in contracts))

    def of(self, company_id: int, type_: str | None = None, **payload) -> list[Envelope]:
        """Received envelopes of a company (and type), whose payload has the given values."""
        return [e for e in self.received if e.company_id == company_id and (type_ is None or e.type == type_)
                and all(e.payload.get(k) == v for k, v in payload.items())]

    async def wait_for(self, company_id: int, type_: str, count: int = 1, timeout: float = 15,
                       **payload) -> list[Envelope]:
        await eventually(lambda: len(self.of(company_id, type_, **payload)) >= count, timeout=timeout)
        return self.of(company_id, type_, **payload)

    async def close(self) -> None:
        await self.conn.close()


def consumed(services, queue: str, outcome: str) -> float:
    """messages_consumed_total{queue, outcome}, summed over the given service processes."""
    total = 0.0
    for svc in services:
        for line in httpx.get(svc.url + "/metrics").text.splitlines():
            if line.startswith("messages_consumed_total{") and f'queue="{queue}"' in line \
                    and f'outcome="{outcome}"' in line:
                total += float(line.rsplit(" ", 1)[1])
    return total
