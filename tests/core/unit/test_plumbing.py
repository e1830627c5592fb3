"""Dependency injection and JSON logging (no servers)."""
from __future__ import annotations

import json
import logging

import pytest

from shared.messaging.inject import call_with
from shared.observability import context
from shared.observability.logging import JsonFormatter

pytestmark = pytest.mark.unit


def test_call_with_passes_only_declared_dependencies():
    def handler(msg, *, conn, outbox):
        return (msg, conn, outbox)
    assert call_with(handler, 1, {"conn": "c", "outbox": "o", "rpc": "r"}) == (1, "c", "o")


def test_call_with_names_a_missing_dependency():
    def handler(msg, *, nope):
        return msg
    with pytest.raises(TypeError, match="nope"):
        call_with(handler, 1, {"conn": "c"})


def test_json_log_line_carries_ids_and_masks_secrets():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    record.fields = {"api_key": "ek_secret", "document_id": 7}
    context.request_id.set("req-1")
    line = json.loads(JsonFormatter("gateway").format(record))
    context.request_id.set(None)
    assert line["msg"] == "hello world" and line["service"] == "gateway"
    assert line["request_id"] == "req-1" and line["document_id"] == 7
    assert line["api_key"] == "***"
