"""The webhook payloads: `{"type", "timestamp", "data"}` (Standard Webhooks) built from the events
the platform publishes. Each type always has the same keys; what is not known is null.

Document events share one block (`document_data`): what the events said about the document so
far (kept in `webhook_documents`), so `document.mailed` also tells the type, number and total.
The number of an SRI document comes from its access key (series and sequential are in it).
Money and quantities as strings (4 and 3 decimals), timestamps ISO 8601 at -05:00, as the API.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Mapping

from shared.contracts.documents.events import CreditNoteRecorded, DebitNoteRecorded, InvoiceRecorded
from shared.contracts.inventory import StockLow
from shared.contracts.payments import PaymentRegistered
from shared.contracts.renderer import DocumentMailed, MailFailed
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SriMessage
from shared.rpc.formatting import money, quantity, timestamp
from shared.sri.catalogues import DOC_CODES

DOC_TYPES = {code: kind for kind, code in DOC_CODES.items()}  # codDoc -> invoice / credit_note / debit_note
Facts = Mapping[str, Any]
Recorded = InvoiceRecorded | CreditNoteRecorded | DebitNoteRecorded


def body(event_type: str, occurred_at: datetime, data: dict[str, Any]) -> str:
    """The exact text that is signed and sent (compact JSON, UTF-8)."""
    return json.dumps({"type": event_type, "timestamp": timestamp(occurred_at), "data": data},
                      ensure_ascii=False, separators=(",", ":"))


def recorded_facts(msg: Recorded) -> dict[str, Any]:
    """What a *_recorded event says about its document (no number yet: it is allocated later)."""
    return {"document_type": msg.document_type, "series": msg.series, "issue_date": msg.issue_date,
            "total": msg.total, "currency": msg.currency, "customer_id": msg.customer_id,
            "customer_name": msg.customer_name}


def key_facts(access_key: str) -> dict[str, Any]:
    """Type, series and number encoded in a 49-digit access key (SRI.md §1)."""
    if len(access_key) != 49 or not access_key.isdigit():
        return {"access_key": access_key}
    return {"access_key": access_key, "document_type": DOC_TYPES.get(access_key[8:10]),
            "series": f"{access_key[24:27]}-{access_key[27:30]}", "number": access_key[30:39]}


def document_data(document_id: int, facts: Facts | None) -> dict[str, Any]:
    f = facts or {}
    issued = f.get("issue_date")
    customer = ({"id": f.get("customer_id"), "name": f.get("customer_name")}
                if f.get("customer_name") is not None else None)
    return {"document_id": document_id, "type": f.get("document_type"), "series": f.get("series"),
            "number": f.get("number"), "issue_date": issued.isoformat() if issued else None,
            "total": money(f.get("total")), "currency": f.get("currency"), "customer": customer,
            "access_key": f.get("access_key")}


def _messages(messages: list[SriMessage]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in messages]


def created(msg: Recorded, facts: Facts | None) -> dict[str, Any]:
    return {**document_data(msg.document_id, facts),
            "due_date": msg.due_date.isoformat() if msg.due_date else None,
            "source_document_id": getattr(msg, "source_document_id", None)}


def authorized(msg: DocumentAuthorized, facts: Facts | None) -> dict[str, Any]:
    return {**document_data(msg.document_id, facts), "authorization_number": msg.authorization_number,
            "authorized_at": timestamp(msg.authorized_at), "environment": msg.environment,
            "sri_messages": _messages(msg.messages)}


def rejected(msg: DocumentRejected, facts: Facts | None) -> dict[str, Any]:
    return {**document_data(msg.document_id, facts), "status": msg.status,
            "rejected_at": timestamp(msg.rejected_at), "sri_messages": _messages(msg.messages)}


def mailed(msg: DocumentMailed, facts: Facts | None) -> dict[str, Any]:
    return {**document_data(msg.document_id, facts), "recipients": list(msg.recipients),
            "sent_at": timestamp(msg.sent_at), "mail_request_id": msg.request_id,
            "mail_message_id": msg.message_id}


def mail_failed(msg: MailFailed, facts: Facts | None) -> dict[str, Any]:
    return {**document_data(msg.document_id, facts), "recipients": list(msg.recipients), "reason": msg.reason,
            "smtp_code": msg.smtp_code, "permanent": msg.permanent, "failed_at": timestamp(msg.failed_at),
            "mail_request_id": msg.request_id}


def stock_low(msg: StockLow) -> dict[str, Any]:
    return {"product": {"id": msg.product_id, "code": msg.product_code, "name": msg.product_name},
            "warehouse_id": msg.warehouse_id, "quantity": quantity(msg.quantity),
            "min_stock": quantity(msg.min_stock)}


def payment_registered(msg: PaymentRegistered) -> dict[str, Any]:
    return {"payment_id": msg.payment_id, "document_id": msg.document_id, "display_number": msg.display_number,
            "amount": money(msg.amount), "applied_advance_amount": money(msg.applied_advance_amount),
            "excess_amount": money(msg.excess_amount), "created_advance_amount": money(msg.created_advance_amount),
            "balance_pending": money(msg.balance_pending), "payment_status": msg.payment_status,
            "payment_date": msg.payment_date.isoformat(), "method": msg.method}
