"""sequencing.allocate_number with two sequencing processes: exactly once, no gaps, no duplicates."""
import random

import pytest

from shared.contracts.sequencing import AllocateNumber
from tests.harness import eventually
from tests.sequencing.integration.bus import Bus, consumed
from tests.sequencing.integration.test_sequencing_rpc import make_establishment, make_point

pytestmark = pytest.mark.integration
SVC = "sequencing"
QUEUE = "sequencing.allocate_number"
ALLOCATED, REJECTED = "sequencing.number_allocated", "sequencing.number_rejected"


@pytest.fixture(scope="module")
def replicas(sequencing, start_service):
    """The session's sequencing process and a second one on the same queue and schema."""
    return [sequencing, start_service("sequencing")]


@pytest.fixture(scope="module")
async def bus(amqp_url, replicas):
    bus = await Bus(amqp_url, (f"{ALLOCATED}.v1", f"{REJECTED}.v1")).start()
    yield bus
    await bus.close()


def document_id() -> int:
    return random.randint(10**6, 2**31 - 1)


def command(doc: int, series="001-002", document_type="invoice", manual=None) -> AllocateNumber:
    return AllocateNumber(document_id=doc, document_type=document_type, series=series, manual_number=manual)


async def series_001_002(call, company, **point):
    est = await make_establishment(call, company, "001")
    return await make_point(call, company, est["id"], "002", **point)


async def allocate(bus, company, cmd) -> dict:
    """Publish one command and wait for its answer (allocated or rejected)."""
    await bus.publish(cmd, company_id=company)
    await eventually(lambda: bus.of(company, document_id=cmd.document_id), timeout=10)
    return bus.of(company, document_id=cmd.document_id)[-1]


async def preview(call, company) -> str:
    reply = await call(SVC, "sequence.preview", company_id=company, query={"series": "001-002"})
    return reply.body["next_number"]


async def test_fifty_concurrent_commands_on_two_replicas_number_1_to_50(call, company_id, bus, replicas):
    await series_001_002(call, company_id)
    before = [consumed([svc], QUEUE, "ok") for svc in replicas]
    docs = [document_id() for _ in range(50)]
    await bus.publish_many([command(d) for d in docs], company_id=company_id)
    events = await bus.wait_for(company_id, ALLOCATED, 50, timeout=30)
    numbers = sorted(e.payload["number"] for e in events)
    assert numbers == list(range(1, 51))
    assert sorted(e.payload["document_id"] for e in events) == sorted(docs)
    first = min(events, key=lambda e: e.payload["number"]).payload
    assert (first["series"], first["establishment"], first["emission_point"], first["display_number"]) == \
        ("001-002", "001", "002", "001-002-000000001")
    handled = [consumed([svc], QUEUE, "ok") - b for svc, b in zip(replicas, before)]
    assert sum(handled) == 50 and all(h > 0 for h in handled), handled
    assert await preview(call, company_id) == "000000051"


async def test_redelivery_and_a_second_command_give_the_same_number(call, company_id, bus, replicas):
    await series_001_002(call, company_id)
    doc, dups = document_id(), consumed(replicas, QUEUE, "duplicate")
    env = await bus.publish(command(doc), company_id=company_id, times=2)  # same message_id twice
    await eventually(lambda: consumed(replicas, QUEUE, "duplicate") >= dups + 1)
    first = await bus.wait_for(company_id, ALLOCATED, document_id=doc)
    await allocate(bus, company_id, command(document_id(), series="009-009"))  # marker: rejected, numbers nothing
    assert len(bus.of(company_id, document_id=doc)) == 1  # the redelivery published nothing
    await bus.publish(command(doc), company_id=company_id)  # a new command for a numbered document
    both = await bus.wait_for(company_id, ALLOCATED, 2, document_id=doc)
    assert [e.payload["number"] for e in both] == [1, 1]
    assert both[1].payload == first[0].payload and both[1].causation_id != str(env.message_id)
    assert await preview(call, company_id) == "000000002"


async def test_manual_numbers_allowed_refused_and_skipped(call, company_id, bus):
    point = await series_001_002(call, company_id)
    refused = await allocate(bus, company_id, command(document_id(), manual=7))
    assert refused.type == REJECTED
    assert refused.payload["reason"] == "El punto de emisión 001-002 no permite numeración manual."
    update = await call(SVC, "points_of_sale.update", company_id=company_id, path_params={"id": str(point["id"])},
                        body={"manual_numbering": True})
    assert update.status == 200 and update.body["data"]["manual_numbering"] is True
    assert (await allocate(bus, company_id, command(document_id(), manual=3))).payload["number"] == 3
    automatic = [(await allocate(bus, company_id, command(document_id()))).payload["number"] for _ in range(3)]
    assert automatic == [1, 2, 4]  # the counter skips the manual 3
    duplicate = await allocate(bus, company_id, command(document_id(), manual=3))
    assert duplicate.type == REJECTED
    assert duplicate.payload["reason"] == "El número 001-002-000000003 ya fue utilizado en la serie 001-002."
    assert (await allocate(bus, company_id, command(document_id(), manual=6))).payload["number"] == 6
    assert await preview(call, company_id) == "000000005"
    assert [(await allocate(bus, company_id, command(document_id()))).payload["number"] for _ in range(2)] == [5, 7]


async def test_unknown_series_and_type_not_enabled_are_rejected(call, company_id, bus):
    est = await make_establishment(call, company_id, "001", document_types=["invoice"])
    await make_point(call, company_id, est["id"], "002")
    unknown = await allocate(bus, company_id, command(document_id(), series="001-009"))
    assert (unknown.type, unknown.payload["reason"]) == (REJECTED, "La serie 001-009 no existe.")
    credit = await allocate(bus, company_id, command(document_id(), document_type="credit_note"))
    assert credit.payload["reason"] == "La serie 001-002 no está habilitada para nota de crédito."
    assert await preview(call, company_id) == "000000001"
