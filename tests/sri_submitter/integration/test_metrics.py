"""What the running sri_submitter tells Prometheus after a document is authorized: SRI calls by
operation and result with their latency, the certificate's time left, its queues' depths and dead
letters, the outbox's lag and readiness (deploy/monitoring reads these)."""
from __future__ import annotations

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.sri_submitter.integration.support import document, final_state

pytestmark = pytest.mark.integration


def samples(url: str) -> dict[tuple[str, frozenset], float]:
    text = httpx.get(url + "/metrics", timeout=10).text
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels) -> float | None:
    return found.get((name, frozenset(labels.items())))


async def test_sri_calls_certificate_queues_and_readiness_are_exposed(bus, sri_call, submitter, company):
    doc = document(company_id=company)
    await bus.publish(doc, company_id=company)
    assert (await final_state(sri_call, company, doc.document_id))["status"] == "authorized"
    found = samples(submitter.url)
    assert value(found, "sri_calls_total", operation="reception", result="recibida") >= 1
    assert value(found, "sri_calls_total", operation="authorization", result="autorizado") >= 1
    assert value(found, "sri_call_seconds_count", operation="reception") >= 1
    assert 300 * 86400 < value(found, "sri_certificate_expiry_seconds", company_id=str(company)) < 3700 * 86400
    assert value(found, "dead_letter_messages", queue="sri_submitter.submit_document") == 0
    assert value(found, "queue_messages", queue="sri_submitter.submit_document") is not None
    assert value(found, "outbox_oldest_pending_seconds") is not None and value(found, "outbox_pending") is not None
    assert value(found, "service_ready") == 1 and value(found, "service_ready_check", check="consumers") == 1
