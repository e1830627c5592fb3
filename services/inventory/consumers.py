"""inventory's subscriptions: documents' facts that move stock (wiring and thin handlers)."""
from __future__ import annotations

from services.inventory import applying
from shared.contracts.documents import CreditNoteRecorded, DocumentCancelled, InvoiceRecorded
from shared.contracts.envelope import Envelope, routing_key_for
from shared.contracts.registry import parse_payload
from shared.db.outbox import Outbox
from shared.messaging.topology import EVENTS, QueueSpec


def _queue(name: str, contract) -> QueueSpec:
    return QueueSpec(name=f"inventory.{name}", bindings=((EVENTS, routing_key_for(contract.TYPE, contract.VERSION)),))


async def handle_invoice_recorded(env: Envelope, *, conn, outbox: Outbox) -> None:
    await applying.apply_invoice(conn, outbox, env.company_id, parse_payload(env, InvoiceRecorded))


async def handle_credit_note_recorded(env: Envelope, *, conn, outbox: Outbox) -> None:
    await applying.apply_credit_note(conn, outbox, env.company_id, parse_payload(env, CreditNoteRecorded))


async def handle_document_cancelled(env: Envelope, *, conn, outbox: Outbox) -> None:
    await applying.cancel(conn, outbox, env.company_id, parse_payload(env, DocumentCancelled))


SUBSCRIPTIONS = [
    (_queue("on_invoice_recorded", InvoiceRecorded), handle_invoice_recorded),
    (_queue("on_credit_note_recorded", CreditNoteRecorded), handle_credit_note_recorded),
    (_queue("on_document_cancelled", DocumentCancelled), handle_document_cancelled),
]
