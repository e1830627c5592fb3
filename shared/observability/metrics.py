"""Prometheus metrics shared by every service (one registry per process).

Every name here is what deploy/monitoring/ (dashboard, alert rules) may use; tests/deploy/unit
checks that those files name nothing else. Prometheus adds `service` (the scrape configs in
deploy/monitoring/ set it from the pod label or the local port) and `instance`.
"""
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

# Messaging. outcome: ok | duplicate (inbox) | retried | dead_lettered (after the retries) | invalid (straight
# to the DLQ); a failed handler is `retried` or `dead_lettered`.
MESSAGES = Counter("messages_consumed_total", "Messages consumed", ["queue", "outcome"])
HANDLER_SECONDS = Histogram("message_handler_seconds", "Time to handle one message", ["queue"])
QUEUE_MESSAGES = Gauge("queue_messages", "Messages ready in a consumer queue (read at scrape)", ["queue"])
DEAD_LETTERS = Gauge("dead_letter_messages", "Messages in a consumer queue's DLQ, <queue>.dlq (read at scrape)",
                     ["queue"])
RPC_SERVED = Counter("rpc_served_total", "RPC requests served", ["method", "status"])
RPC_SECONDS = Histogram("rpc_server_seconds", "Time to serve one RPC", ["method"])
RPC_CALLS = Counter("rpc_calls_total", "RPC calls made", ["service", "outcome"])
OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox rows relayed to the broker")
OUTBOX_PENDING = Gauge("outbox_pending", "Outbox rows not yet relayed (last seen)")
OUTBOX_OLDEST = Gauge("outbox_oldest_pending_seconds", "Age of the oldest outbox row not yet relayed (0: none)")

# The gateway's HTTP door (route: the route's pattern, e.g. /api/v1/documents/{id}).
HTTP_REQUESTS = Counter("http_requests_total", "Gateway HTTP requests", ["method", "route", "status"])
HTTP_SECONDS = Histogram("http_request_seconds", "Gateway HTTP latency", ["method", "route"])

# Readiness as /readyz answers it, read at scrape (`up` covers a process that does not answer).
READY = Gauge("service_ready", "1 when every readiness check passes")
READY_CHECKS = Gauge("service_ready_check", "One readiness check (1 passes)", ["check"])

# The SRI (sri_submitter). operation: reception | authorization; result: the SRI's estado in snake case
# (recibida, devuelta, autorizado, no_autorizado, en_procesamiento), `pending` (no authorization yet)
# or `error` (no answer: unreachable, timeout, HTTP or SOAP error).
SRI_CALLS = Counter("sri_calls_total", "Calls to the SRI's web services", ["operation", "result"])
SRI_SECONDS = Histogram("sri_call_seconds", "Latency of a call to the SRI", ["operation"],
                        buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80))
CERTIFICATE_EXPIRY = Gauge("sri_certificate_expiry_seconds",
                           "Seconds until the company's active signing certificate expires (notAfter)",
                           ["company_id"])

# Documents (documents service) and their delivery (renderer_mailer).
DOCUMENTS = Gauge("documents_by_state", "Documents by type and state", ["type", "status", "sri_status"])
MAILS = Counter("mail_deliveries_total", "Mail delivery attempts recorded, by result (sent | retrying | failed)",
                ["result"])
WEBHOOKS = Counter("webhook_deliveries_total",
                   "Webhook delivery attempts recorded, by result (succeeded | retrying | failed)", ["result"])

PROBE_ERRORS = Counter("metrics_probe_errors_total", "Scrape-time probes that failed or timed out", ["probe"])


def render() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
