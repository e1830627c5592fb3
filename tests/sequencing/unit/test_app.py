"""The sequencing ServiceSpec: the durable queue a running installation already has."""
import pytest

from services.sequencing.app import SPEC

pytestmark = pytest.mark.unit


def test_queue_names_and_bindings_are_unchanged():
    consumed = SPEC.consumed()
    assert [s.queue.name for s in consumed] == ["sequencing.allocate_number"]
    assert [s.queue.bindings for s in consumed] == [(("commands", "sequencing.allocate_number.v1"),)]
