"""For the e2e stacks that run without sri_submitter: play its part for one document, so flows that
need an invoice the SRI authorized (credit and debit notes) can go on."""
from __future__ import annotations

import aio_pika
import httpx

from shared.contracts.envelope import Envelope, document_correlation, routing_key_for, utcnow
from shared.contracts.sri_results import DocumentAuthorized
from shared.messaging.connection import confirm_channel, connect
from shared.messaging.topology import EVENTS
from tests import harness


async def authorize(api: httpx.AsyncClient, amqp_url: str, company_id: int, document_id: int) -> None:
    """Publish the document's `sri.document_authorized` (as sri_submitter would); return once the API shows it."""
    key = f"{document_id:049d}"
    event = DocumentAuthorized(document_id=document_id, access_key=key, authorization_number=key,
                               authorized_at=utcnow(), environment="test", xml_path=f"e2e/{key}.xml")
    env = Envelope.wrap(event, company_id=company_id, correlation_id=document_correlation(document_id))
    conn = await connect(amqp_url, "tests-e2e-sri-double")
    try:
        exchange = await (await confirm_channel(conn)).get_exchange(EVENTS)
        await exchange.publish(aio_pika.Message(env.model_dump_json().encode(), content_type="application/json"),
                               routing_key=routing_key_for(env.type, env.version))
    finally:
        await conn.close()

    async def shown() -> bool:
        return (await api.get(f"/documents/{document_id}")).json().get("sri_status") == "authorized"

    await harness.eventually(shown, timeout=15, interval=0.1)
