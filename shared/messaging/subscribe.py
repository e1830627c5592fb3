"""Subscriptions declared by a handler's annotation (FastStream's idea, in small).

A consumer is written as

    async def on_number_allocated(msg: NumberAllocated, *, conn, outbox) -> None: ...

and registered with `subscription("documents", on_number_allocated)`. The contract
class in the first parameter's annotation decides everything else:

- the binding: exchange `events` for an event, `commands` for a command, routing key
  `TYPE.vN` (`sequencing.number_allocated.v1`);
- the queue: `<service>.<handler name>` (`documents.on_number_allocated`). The durable
  queues of a running installation are named this way, so renaming a handler renames
  its queue: keep the name, or pass `queue=` with the old one;
- the payload: the consumer validates it into the contract (upcasting older versions)
  and passes the model in. Besides the service's dependencies (`conn`, `outbox`, `pool`,
  `rpc`, `settings`) a handler may ask for `envelope` and `company_id`.
"""
from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from shared.contracts.envelope import Contract, Envelope
from shared.contracts.registry import parse_payload
from shared.messaging.topology import COMMANDS, EVENTS, QueueSpec

Handler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Subscription:
    queue: QueueSpec
    handler: Handler
    contract: type[Contract] | None  # None: the handler takes the raw Envelope (infrastructure tests)

    def parse(self, env: Envelope) -> Contract | Envelope:
        """The envelope's payload as this subscription's contract (ValidationError if it is not)."""
        return env if self.contract is None else parse_payload(env, self.contract)


def contract_of(handler: Handler) -> type[Contract]:
    """The contract class annotated on the handler's first parameter."""
    params = [p for p in inspect.signature(handler).parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if not params:
        raise TypeError(f"{handler.__qualname__}: the first parameter must be the message")
    hint = typing.get_type_hints(handler).get(params[0].name)
    if not (isinstance(hint, type) and issubclass(hint, Contract) and hint.TYPE):
        raise TypeError(f"{handler.__qualname__}: annotate the first parameter with a contract class")
    return hint


def subscription(service: str, handler: Handler, *, queue: str | None = None, **options: Any) -> Subscription:
    """The queue, binding and parser of `handler`; `options` go to QueueSpec (retry delays...)."""
    contract = contract_of(handler)
    exchange = COMMANDS if contract.KIND == "command" else EVENTS
    spec = QueueSpec(name=queue or f"{service}.{handler.__name__}",
                     bindings=((exchange, f"{contract.TYPE}.v{contract.VERSION}"),), **options)
    return Subscription(spec, handler, contract)


def as_subscription(service: str, item: "Handler | Subscription | tuple[QueueSpec, Handler]") -> Subscription:
    """A ServiceSpec entry: a handler (the usual case), a ready Subscription, or a
    (QueueSpec, handler) pair whose handler takes the raw Envelope."""
    if isinstance(item, Subscription):
        return item
    if isinstance(item, tuple):
        queue, handler = item
        return Subscription(queue, handler, None)
    return subscription(service, item)
