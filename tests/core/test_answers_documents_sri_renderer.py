"""The answer models of documents, sri_submitter and renderer_mailer (shared.contracts.answers) against
what their views build from rows (no servers): every call has a model, the examples pass it, and the
views' answers pass it with the nullable columns both set and null, for every document type and
every grouping of the sales report."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.documents.domain import reports as sales_domain, reports_taxes
from services.documents.views import customers as customer_views, documents as document_views
from services.documents.views import reports as report_views
from services.gateway.routes import FORWARDS
from services.renderer_mailer.views import logos as logo_views, webhooks as webhook_views
from services.sri_submitter.views import certificates as certificate_views, submissions as submission_views
from shared.contracts.answers import customers, documents
from shared.contracts.answers.table import ANSWERS
from shared.db.paging import Paging, page_body
from shared.rpc.replies import with_message

pytestmark = pytest.mark.unit

NOW = datetime(2026, 2, 22, 15, 10, 22, tzinfo=timezone.utc)
KEY = "2202202601179214673900110010010000001201234567813"
AREAS = ("documents", "sri_submitter", "renderer_mailer")


def check(key: str, body) -> None:
    """The answer as the gateway checks it: the JSON text against the call's model."""
    ANSWERS[key].model_validate_json(json.dumps(body))


def test_every_forwarded_call_of_the_three_services_has_its_model():
    for fwd in FORWARDS:
        if fwd.service in AREAS:
            assert fwd.rpc in ANSWERS, fwd.rpc


@pytest.mark.parametrize("model", [documents.DocumentPage, documents.DocumentDetail, documents.DocumentCreated,
                                   customers.CustomerLookupPage])
def test_part_a_examples_pass_their_model(model):
    model.model_validate_json(json.dumps(model.EXAMPLE))


# --- customers -------------------------------------------------------------------------------------------

CUSTOMER = {"id": 2, "code": "CLI-0002", "name": "Cliente Demo", "identification_type": "cedula",
            "identification": "1710034065", "email": None, "phone": None, "address": None, "active": True,
            "created_at": NOW, "updated_at": NOW}


def test_customers():
    full = {**CUSTOMER, "identification_type": "ruc", "identification": "1790012345001", "email": "a@example.com",
            "phone": "0999", "address": "Quito"}
    for row in (CUSTOMER, full):
        check("customers.get", customer_views.customer(row))
        check("customers.update", with_message("x", customer_views.customer(row)))
    check("customers.list", page_body([customer_views.customer(CUSTOMER)], 1, Paging()))
    check("lookups.customers", page_body([customer_views.customer_lookup(full)], 1, Paging()))
    with pytest.raises(ValidationError):  # a key the model does not declare
        check("customers.get", {**customer_views.customer(CUSTOMER), "extra": 1})


# --- sales documents -------------------------------------------------------------------------------------

DOCUMENT = {
    "id": 120, "type": "invoice", "series": "001-001", "number": 120, "status": "issued", "sri_status": "authorized",
    "payment_status": "pending", "total": Decimal("34.79"), "issue_date": date(2026, 2, 22), "customer_id": 2,
    "customer": {"identification_type": "cedula", "identification": "1710034065", "name": "Cliente Demo",
                 "email": "a@example.com", "address": "Quito", "phone": None},
    "sri_access_key": KEY, "sri_authorization_number": KEY, "sri_authorized_at": NOW, "mail_status": "sent",
    "mail": {"request_id": "auto", "recipients": ["a@example.com"], "sent_at": NOW.isoformat(), "at": "x",
             "message_id": "<m@x>", "reason": None, "permanent": None},
    "due_date": date(2026, 3, 22), "currency": "USD", "subtotal": Decimal("30.25"), "discount": Decimal("0.00"),
    "tax": Decimal("4.54"), "credited_total": Decimal("0.00"), "warehouse_id": 1, "source_document_id": 99,
    "converted_to_id": None, "process_state": "numbered", "stock_movement_id": 91, "stock_applied_at": NOW,
    "files": {"xml_path": "x.xml", "pdf_path": "x.pdf"}, "reason": None, "reference": "R", "seller_name": None,
    "order_reference": None, "notes": None, "delivered": False, "created_at": NOW, "updated_at": NOW}
DRAFT = {**DOCUMENT, "type": "quotation", "series": None, "number": None, "status": "draft",
         "sri_status": "not_applicable", "customer_id": None,
         "customer": {"identification_type": "consumidor_final", "identification": "9999999999999",
                      "name": "CONSUMIDOR FINAL"},
         "sri_access_key": None, "sri_authorization_number": None, "sri_authorized_at": None, "mail_status": "pending",
         "mail": {}, "due_date": None, "warehouse_id": None, "source_document_id": None, "converted_to_id": 130,
         "process_state": "draft", "stock_movement_id": None, "stock_applied_at": None, "files": {}}
SKIPPED = {**DOCUMENT, "type": "credit_note", "mail_status": "skipped", "mail": {"reason": "Sin correo."},
           "reason": "Devolución", "total": Decimal("10")}
LINE = {"id": 1, "product_id": 10, "description": "Lapiz HB", "quantity": Decimal("2.000000"),
        "unit_price": Decimal("12.500000"), "tax_rate": Decimal("15.0000"), "discount_amount": Decimal("0.00"),
        "base": Decimal("25.00"), "tax_amount": Decimal("3.75"), "credited_quantity": Decimal("0"),
        "source_line_id": None}
FREE_LINE = {**LINE, "product_id": None, "source_line_id": 7, "unit_price": Decimal("1.234567")}


@pytest.mark.parametrize("row", [DOCUMENT, DRAFT, SKIPPED], ids=["invoice", "draft", "credit_note"])
def test_documents(row):
    check("documents.list", document_views.page([row, DOCUMENT], 2, Paging()))
    check("documents.get", document_views.detail(row, [LINE, FREE_LINE]))
    check("documents.cancel", with_message("x", document_views.detail(row, [])))
    for key in ("invoices.create", "credit_notes.create", "documents.issue"):
        check(key, with_message("x", document_views.created(row)))


def test_document_timeline_and_mail_request():
    events = [{"id": 1, "event": "created", "detail": {"type": "invoice"}, "occurred_at": NOW},
              {"id": 2, "event": "unknown", "detail": {}, "occurred_at": NOW}]
    check("documents.events", {"data": [document_views.event(e) for e in events]})
    mail = {"document_id": 120, "detail": {"request_id": "abc", "recipients": ["a@example.com"]}}
    check("documents.email", with_message(document_views.MAIL_QUEUED, document_views.mail_request(mail)))


def test_the_detail_refuses_a_null_the_view_never_answers():
    with pytest.raises(ValidationError):
        check("documents.get", {**document_views.detail(DOCUMENT, []), "payment_status": None})


# --- reports ---------------------------------------------------------------------------------------------

def _sales_rows(group_by: str) -> list[dict]:
    base = {"documents": 1, "newest": 5, "subtotal": Decimal("100.00"), "discount": Decimal("0.00"),
            "tax": Decimal("15.00"), "tip": Decimal("0.00"), "total": Decimal("115.00")}
    if group_by == "product":
        base = {**base, "tip": None, "quantity": Decimal("2.000000"), "product_id": None, "product_code": None,
                "description": "Servicio"}
    if group_by == "customer":
        base = {**base, "customer_id": None, "identification": "9999999999999", "name": "CONSUMIDOR FINAL"}
    key = {"day": "2026-02-22", "month": "2026-02", "customer": "id:9999999999999", "product": "text:Servicio"}
    return [{**base, "key": key[group_by], "type": "invoice"},
            {**base, "key": key[group_by], "type": "credit_note", "total": Decimal("20.00")}]


@pytest.mark.parametrize("group_by", sales_domain.GROUPINGS)
def test_sales_report_by_each_grouping(group_by):
    labels = {"customer": ("customer_id", "identification", "name"),
              "product": ("product_id", "product_code", "description")}.get(group_by, ())
    found = sales_domain.groups(_sales_rows(group_by), labels)
    for sri_status in (None, "authorized"):
        body = report_views.sales(found, sales_domain.totals(found), group_by, date(2026, 2, 1), date(2026, 2, 28),
                                  sri_status)
        check("reports.sales", body)
    check("reports.sales", report_views.sales([], sales_domain.Figures(), group_by, date(2026, 2, 1),
                                              date(2026, 2, 28), None))


def test_a_sales_report_whose_rows_do_not_match_its_totals_is_refused():
    day = report_views.sales(sales_domain.groups(_sales_rows("day")), sales_domain.Figures(), "day",
                             date(2026, 2, 1), date(2026, 2, 28), None)
    product = report_views.sales([], sales_domain.Figures(), "product", date(2026, 2, 1), date(2026, 2, 28), None)
    with pytest.raises(ValidationError):
        check("reports.sales", {**day, "totals": product["totals"]})


def test_taxes_report():
    rows = [{"code": "4", "rate": Decimal("15.00"), "type": "invoice", "documents": 2, "base": Decimal("100.00"),
             "tax": Decimal("15.00")},
            {"code": "4", "rate": Decimal("15.00"), "type": "credit_note", "documents": 1, "base": Decimal("120.00"),
             "tax": Decimal("18.00")},
            {"code": "0", "rate": Decimal("0"), "type": "invoice", "documents": 1, "base": Decimal("5.00"),
             "tax": Decimal("0.00")},
            {"code": "6", "rate": Decimal("0"), "type": "invoice", "documents": 1, "base": Decimal("5.00"),
             "tax": Decimal("0.00")}]
    found = reports_taxes.rates(rows)
    for not_authorized in (0, 2):
        counts = {"sales": 3, "credit_notes": 1, "not_authorized": not_authorized}
        check("reports.taxes", report_views.taxes(found, reports_taxes.totals(found), reports_taxes.form_104(found),
                                                  date(2026, 2, 1), date(2026, 2, 28), None, counts))


# --- sri_submitter ---------------------------------------------------------------------------------------

CERTIFICATE = {"subject": "CN=Demo", "issuer": "CN=CA", "serial_number": "123456789012345678901234567890",
               "ruc": None, "valid_from": NOW, "valid_to": datetime(2028, 2, 22, tzinfo=timezone.utc)}
MESSAGE = {"identificador": "35", "mensaje": "ARCHIVO NO CUMPLE ESTRUCTURA XML", "informacion_adicional": None,
           "tipo": "ERROR", "code": "SRI_SCHEMA_INVALID", "hint": "Revise el XML."}


def test_certificate():
    for row in (CERTIFICATE, {**CERTIFICATE, "ruc": "1790012345001"}):
        check("certificates.get", {"data": certificate_views.certificate(row, NOW)})
        check("put_certificate", with_message("x", certificate_views.certificate(row)))


@pytest.mark.parametrize("stage", ["pending", "signed", "received", "authorized", "returned", "not_authorized",
                                   "error"])
def test_submission_in_each_stage(stage):
    authorized = stage == "authorized"
    row = {"document_id": 120, "access_key": KEY, "stage": stage, "environment": "test",
           "messages": [] if authorized else [MESSAGE], "authorized_at": NOW if authorized else None,
           "authorization_number": KEY if authorized else None, "xml_path": "x.xml" if authorized else None}
    attempts = [{"at": NOW, "operation": "sign", "estado": "FIRMADO", "detail": "ok", "messages": []},
                {"at": NOW, "operation": "reception", "estado": "DEVUELTA", "detail": None, "messages": [MESSAGE]}]
    check("submissions.get", submission_views.submission(row, attempts))
    check("submissions.retry", with_message("x", submission_views.submission(row, [])))


# --- renderer_mailer -------------------------------------------------------------------------------------

ENDPOINT = {"id": 3, "url": "https://example.com/hook", "events": ["document.created"], "description": None,
            "enabled": True, "disabled_reason": None, "disabled_at": None, "failure_count": 0, "created_at": NOW}
DELIVERY = {"id": "msg_" + "a" * 32, "endpoint_id": 3, "event_type": "document.created", "status": "pending",
            "next_attempt_at": NOW, "created_at": NOW,
            "body": json.dumps({"type": "document.created", "timestamp": "2026-02-22T10:10:22-05:00",
                                "data": {"document_id": 120}})}


def test_logo():
    row = {"content_type": "image/png", "size": 1234, "sha256": "0" * 64, "updated_at": NOW}
    check("logo.get", {"data": logo_views.logo(row)})
    check("put_logo", with_message("x", logo_views.logo(row)))


def test_webhooks():
    disabled = {**ENDPOINT, "enabled": False, "disabled_reason": "falla", "disabled_at": NOW, "failure_count": 5,
                "description": "ERP", "events": ["document.authorized", "stock.low"]}
    check("webhooks.list", {"data": [webhook_views.endpoint(r) for r in (ENDPOINT, disabled)]})
    created = {**webhook_views.endpoint(ENDPOINT), "secret": "whsec_abc"}
    check("webhooks.create", with_message("x", created))
    check("webhooks.create", with_message("x", {**created, "secret": None}))  # an Idempotency-Key replay
    check("webhooks.delete", with_message("x", webhook_views.endpoint(disabled)))
    attempts = [{"at": NOW, "status_code": None, "duration_ms": 10000, "error": "timeout", "response_excerpt": None},
                {"at": NOW, "status_code": 200, "duration_ms": 12, "error": None, "response_excerpt": "ok"}]
    done = {**DELIVERY, "status": "succeeded", "next_attempt_at": None}
    listed = [webhook_views.delivery(DELIVERY, []), webhook_views.delivery(done, attempts)]
    check("webhooks.deliveries", page_body(listed, 2, Paging()))
    check("webhooks.replay", with_message("x", webhook_views.delivery(DELIVERY, attempts)))
