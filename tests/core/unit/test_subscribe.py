"""The subscription helper: the handler's annotation decides queue, binding and parsing."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.contracts import Contract, Envelope
from shared.contracts.documents import InvoiceRecorded
from shared.contracts.sequencing import AllocateNumber, NumberAllocated
from shared.messaging.subscribe import Subscription, as_subscription, contract_of, subscription
from shared.messaging.topology import COMMANDS, EVENTS, QueueSpec

pytestmark = pytest.mark.unit


async def on_number_allocated(msg: NumberAllocated, *, conn) -> None: ...


async def allocate_number(msg: AllocateNumber, *, conn, outbox) -> None: ...


async def on_sri_progressed(msg: NumberAllocated) -> None: ...


def test_event_handler_gets_queue_named_after_it_and_binding_from_its_contract():
    sub = subscription("documents", on_number_allocated)
    assert sub.queue.name == "documents.on_number_allocated"
    assert sub.queue.bindings == ((EVENTS, "sequencing.number_allocated.v1"),)
    assert sub.contract is NumberAllocated


def test_command_handler_binds_to_the_commands_exchange():
    sub = subscription("sequencing", allocate_number)
    assert sub.queue.name == "sequencing.allocate_number"
    assert sub.queue.bindings == ((COMMANDS, "sequencing.allocate_number.v1"),)


def test_queue_name_is_the_handler_name_so_existing_queues_keep_theirs():
    assert subscription("documents", on_sri_progressed).queue.name == "documents.on_sri_progressed"
    assert subscription("x", on_number_allocated, queue="x.legacy").queue.name == "x.legacy"
    assert subscription("x", on_number_allocated, retry_delays_ms=(5,)).queue.retry_delays_ms == (5,)


def test_unannotated_or_non_contract_handlers_are_refused_at_start():
    async def bare(msg, *, conn): ...

    async def plain(msg: dict): ...

    async def nothing(*, conn): ...

    for handler in (bare, plain, nothing):
        with pytest.raises(TypeError):
            contract_of(handler)
    with pytest.raises(TypeError):
        contract_of(lambda msg: None)
    assert issubclass(contract_of(on_number_allocated), Contract)


def test_parse_validates_the_payload_into_the_contract():
    sub = subscription("inventory", on_number_allocated)
    good = Envelope.wrap(NumberAllocated(document_id=1, document_type="invoice", series="001-001",
                                         establishment="001", emission_point="001", number=5,
                                         display_number="001-001-000000005",
                                         allocated_at="2026-01-01T00:00:00Z"), company_id=3)
    msg = sub.parse(good)
    assert isinstance(msg, NumberAllocated) and msg.number == 5
    with pytest.raises(ValidationError):
        sub.parse(good.model_copy(update={"payload": {"document_id": "x"}}))


def test_spec_entries_may_be_handlers_subscriptions_or_raw_pairs():
    raw = QueueSpec("tests.raw", ((EVENTS, "tests.raw.v1"),))
    pair = as_subscription("svc", (raw, on_number_allocated))
    assert pair.contract is None
    env = Envelope(type="tests.raw", payload={"a": 1})
    assert pair.parse(env) is env
    ready = Subscription(raw, on_number_allocated, InvoiceRecorded)
    assert as_subscription("svc", ready) is ready
    assert as_subscription("svc", on_number_allocated).queue.name == "svc.on_number_allocated"
