"""The service's wiring: the durable queue keeps its name (a running installation has messages in
it), the command binding, and the RPC methods the gateway forwards to."""
from __future__ import annotations

import pytest

from services.sri_submitter.app import SPEC
from shared.contracts.sri import SubmitDocument
from shared.messaging.topology import COMMANDS

pytestmark = pytest.mark.unit


def test_queue_names_are_todays():
    assert [s.queue.name for s in SPEC.consumed()] == ["sri_submitter.submit_document"]


def test_the_command_binding_and_its_contract():
    [sub] = SPEC.consumed()
    assert sub.queue.bindings == ((COMMANDS, "sri.submit_document.v1"),) and sub.contract is SubmitDocument


def test_rpc_methods():
    assert sorted(SPEC.rpc) == ["certificates.get", "certificates.put", "submissions.get", "submissions.retry",
                                "submissions.xml"]
