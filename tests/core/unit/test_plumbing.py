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


def test_a_request_aiohttp_cannot_parse_is_a_warning_without_traceback():
    from aiohttp.http_exceptions import BadHttpMessage

    from shared.observability.logging import MalformedRequests

    def record(exc: BaseException) -> logging.LogRecord:
        return logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, "Error handling request", (),
                                 (type(exc), exc, None))
    bad = record(BadHttpMessage("Invalid header value char"))
    assert MalformedRequests().filter(bad)
    line = json.loads(JsonFormatter("gateway").format(bad))
    assert line["level"] == "warning" and "exc" not in line and "Invalid header value char" in line["msg"]
    ours = record(RuntimeError("boom"))  # a real failure stays an error with its traceback
    assert MalformedRequests().filter(ours) and ours.levelno == logging.ERROR and ours.exc_info
