"""Prometheus metrics shared by every service (one registry per process)."""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

MESSAGES = Counter("messages_consumed_total", "Messages consumed", ["queue", "outcome"])
HANDLER_SECONDS = Histogram("message_handler_seconds", "Time to handle one message", ["queue"])
RPC_SERVED = Counter("rpc_served_total", "RPC requests served", ["method", "status"])
RPC_SECONDS = Histogram("rpc_server_seconds", "Time to serve one RPC", ["method"])
RPC_CALLS = Counter("rpc_calls_total", "RPC calls made", ["service", "outcome"])
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox rows relayed to the broker")
OUTBOX_PENDING = Gauge("outbox_pending", "Outbox rows not yet relayed (last seen)")
HTTP_REQUESTS = Counter("http_requests_total", "Gateway HTTP requests", ["method", "route", "status"])
HTTP_SECONDS = Histogram("http_request_seconds", "Gateway HTTP latency", ["route"])


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
