"""Webhook payloads built from the platform's events: `{type, timestamp, data}`, the same keys for
every event of a type, money and quantities as strings, times at -05:00."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from services.renderer_mailer.domain import webhook_events as payloads
from shared.contracts.documents.events import CreditNoteRecorded, InvoiceRecorded
from shared.contracts.inventory import StockLow
from shared.contracts.payments import PaymentRegistered
from shared.contracts.renderer import DocumentMailed, MailFailed
from shared.contracts.sri_results import DocumentAuthorized, DocumentRejected, SriMessage

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900110010010000001231234567819"  # factura 001-001-000000123
AT = datetime(2026, 2, 22, 15, 11, 15, tzinfo=timezone.utc)
DOCUMENT_KEYS = {"document_id", "type", "series", "number", "issue_date", "total", "currency", "customer",
                 "access_key"}


def invoice(**kw) -> InvoiceRecorded:
    return InvoiceRecorded(**{"document_id": 7, "document_type": "invoice", "issue_date": date(2026, 2, 22),
                              "customer_id": 3, "customer_name": "Cliente Demo", "series": "001-001",
                              "total": Decimal("57.5"), **kw})


def test_the_body_is_compact_json_with_type_timestamp_and_data():
    text = payloads.body("stock.low", AT, {"ñ": 1})
    assert text == '{"type":"stock.low","timestamp":"2026-02-22T10:11:15-05:00","data":{"ñ":1}}'


def test_the_access_key_gives_type_series_and_number():
    assert payloads.key_facts(KEY) == {"access_key": KEY, "document_type": "invoice", "series": "001-001",
                                       "number": "000000123"}
    assert payloads.key_facts("123") == {"access_key": "123"}


def test_document_created_carries_what_the_recorded_event_says():
    msg = invoice()
    data = payloads.created(msg, payloads.recorded_facts(msg))
    assert DOCUMENT_KEYS <= set(data)
    assert data["type"] == "invoice" and data["series"] == "001-001" and data["number"] is None
    assert data["total"] == "57.5000" and data["issue_date"] == "2026-02-22" and data["currency"] == "USD"
    assert data["customer"] == {"id": 3, "name": "Cliente Demo"} and data["source_document_id"] is None
    note = CreditNoteRecorded(document_id=8, document_type="credit_note", issue_date=date(2026, 2, 22),
                              customer_name="Cliente", total=Decimal("1"), source_document_id=7)
    assert payloads.created(note, None)["source_document_id"] == 7


def test_document_authorized_merges_the_known_facts():
    msg = DocumentAuthorized(document_id=7, access_key=KEY, authorization_number=KEY, authorized_at=AT,
                             environment="test", xml_path="x.xml",
                             messages=[SriMessage(identificador="60", mensaje="Ambiente de pruebas", tipo="ADVERTENCIA")])
    facts = {**payloads.recorded_facts(invoice()), **payloads.key_facts(KEY)}
    data = payloads.authorized(msg, facts)
    assert (data["number"], data["total"], data["access_key"]) == ("000000123", "57.5000", KEY)
    assert data["authorized_at"] == "2026-02-22T10:11:15-05:00" and data["environment"] == "test"
    assert data["sri_messages"][0]["identificador"] == "60"
    unknown = payloads.authorized(msg, None)
    assert set(unknown) == set(data) and unknown["total"] is None and unknown["customer"] is None


def test_document_rejected_mailed_and_mail_failed():
    rejected = payloads.rejected(DocumentRejected(document_id=7, access_key=KEY, status="returned", rejected_at=AT,
                                                  messages=[SriMessage(identificador="35", mensaje="x")]), None)
    assert rejected["status"] == "returned" and rejected["sri_messages"][0]["mensaje"] == "x"
    mailed = payloads.mailed(DocumentMailed(document_id=7, request_id="auto", recipients=["a@b.ec"],
                                            message_id="<m@x>", sent_at=AT), payloads.key_facts(KEY))
    assert mailed["recipients"] == ["a@b.ec"] and mailed["number"] == "000000123" and mailed["sent_at"]
    failed = payloads.mail_failed(MailFailed(document_id=7, request_id="auto", recipients=[], reason="Sin correo",
                                             permanent=True, failed_at=AT), None)
    assert (failed["reason"], failed["permanent"], failed["smtp_code"]) == ("Sin correo", True, None)


def test_stock_low():
    data = payloads.stock_low(StockLow(product_id=4, warehouse_id=2, quantity=Decimal("1.5"),
                                       min_stock=Decimal("2"), product_code="LAP", product_name="Lápiz"))
    assert data == {"product": {"id": 4, "code": "LAP", "name": "Lápiz"}, "warehouse_id": 2, "quantity": "1.500",
                    "min_stock": "2.000"}
    json.dumps(data)


def test_payment_registered():
    msg = PaymentRegistered(payment_id=9, document_id=7, document_type="invoice", display_number="001-001-000000120",
                            customer_id=3, payment_date=date(2026, 2, 23), method="efectivo", amount=Decimal("40"),
                            applied_advance_amount=Decimal("5"), excess_amount=Decimal("9"), overpayment_mode="advance",
                            created_advance_amount=Decimal("9"), balance_pending=Decimal("0"),
                            payment_status="paid", registered_at=AT)
    assert payloads.payment_registered(msg) == {
        "payment_id": 9, "document_id": 7, "display_number": "001-001-000000120", "amount": "40.0000",
        "applied_advance_amount": "5.0000", "excess_amount": "9.0000", "created_advance_amount": "9.0000",
        "balance_pending": "0.0000", "payment_status": "paid", "payment_date": "2026-02-23", "method": "efectivo"}
    json.dumps(payloads.payment_registered(msg))
