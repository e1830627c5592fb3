"""The events that become webhooks (one queue each, `renderer_mailer.webhook_<event>`):

    documents.invoice_recorded / credit_note_recorded / debit_note_recorded -> document.created
    sri.document_authorized / sri.document_rejected                       -> document.authorized / .rejected
    renderer.document_mailed / renderer.mail_failed                       -> document.mailed / .mail_failed
    inventory.stock_low                                                    -> stock.low
    payments.payment_registered                                            -> payment.registered

In the consumer's transaction (its inbox makes a redelivered message a no-op) each creates one
pending delivery per enabled endpoint of the envelope's company subscribed to the event (unique
per endpoint and source message as well), then wakes the delivery worker.
"""
from __future__ import annotations

import logging
from typing import Any

from services.renderer_mailer.db import webhook_deliveries as deliveries
from services.renderer_mailer.db import webhooks as db
from services.renderer_mailer.domain import webhook_events as payloads
from shared.contracts.documents.events import (CreditNoteRecorded, DebitNoteRecorded, InvoiceRecorded,
                                              SalesOrderRecorded)
from shared.contracts.envelope import Envelope
from shared.contracts.inventory import StockLow
from shared.contracts.payments import PaymentRegistered
from shared.contracts.renderer import DocumentMailed, MailFailed
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected
from shared.runtime.due_worker import notify

log = logging.getLogger(__name__)


async def _fan_out(conn, envelope: Envelope, company_id: int, event_type: str, data: dict[str, Any]) -> None:
    body = payloads.body(event_type, envelope.occurred_at, data)
    if await deliveries.fan_out(conn, company_id, event_type, body, envelope.message_id):
        await notify(conn, deliveries.DUE_CHANNEL)


async def _document_created(msg, conn, company_id: int | None, envelope: Envelope) -> None:
    if company_id is None:
        log.error("event without a company, no webhook", extra={"fields": {"type": envelope.type}})
        return
    facts = await db.remember(conn, company_id, msg.document_id, payloads.recorded_facts(msg))
    await _fan_out(conn, envelope, company_id, "document.created", payloads.created(msg, facts))


async def webhook_invoice_recorded(msg: InvoiceRecorded, *, conn, company_id: int | None, envelope) -> None:
    await _document_created(msg, conn, company_id, envelope)


async def webhook_credit_note_recorded(msg: CreditNoteRecorded, *, conn, company_id: int | None, envelope) -> None:
    await _document_created(msg, conn, company_id, envelope)


async def webhook_debit_note_recorded(msg: DebitNoteRecorded, *, conn, company_id: int | None, envelope) -> None:
    await _document_created(msg, conn, company_id, envelope)


async def webhook_sales_order_recorded(msg: SalesOrderRecorded, *, conn, company_id: int | None, envelope) -> None:
    await _document_created(msg, conn, company_id, envelope)


async def webhook_document_authorized(msg: DocumentAuthorized, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        facts = await db.remember(conn, company_id, msg.document_id, payloads.key_facts(msg.access_key))
        await _fan_out(conn, envelope, company_id, "document.authorized", payloads.authorized(msg, facts))


async def webhook_document_rejected(msg: DocumentRejected, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        facts = await db.remember(conn, company_id, msg.document_id, payloads.key_facts(msg.access_key))
        await _fan_out(conn, envelope, company_id, "document.rejected", payloads.rejected(msg, facts))


async def webhook_document_mailed(msg: DocumentMailed, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        facts = await db.facts_of(conn, company_id, msg.document_id)
        await _fan_out(conn, envelope, company_id, "document.mailed", payloads.mailed(msg, facts))


async def webhook_mail_failed(msg: MailFailed, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        facts = await db.facts_of(conn, company_id, msg.document_id)
        await _fan_out(conn, envelope, company_id, "document.mail_failed", payloads.mail_failed(msg, facts))


async def webhook_stock_low(msg: StockLow, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        await _fan_out(conn, envelope, company_id, "stock.low", payloads.stock_low(msg))


async def webhook_payment_registered(msg: PaymentRegistered, *, conn, company_id: int | None, envelope) -> None:
    if company_id is not None:
        await _fan_out(conn, envelope, company_id, "payment.registered", payloads.payment_registered(msg))


SUBSCRIPTIONS = [webhook_invoice_recorded, webhook_credit_note_recorded, webhook_debit_note_recorded,
                 webhook_sales_order_recorded,
                 webhook_document_authorized, webhook_document_rejected, webhook_document_mailed,
                 webhook_mail_failed, webhook_stock_low, webhook_payment_registered]
