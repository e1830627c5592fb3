"""What a document for the SRI must meet before it is recorded: issue date window, dirección matriz,
an authorized invoice under a note, and a draft dated on the day it is issued (pure rules)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.documents.domain import sri_checks
from services.documents.domain.kinds import CREDIT_NOTE, DEBIT_NOTE, INVOICE, QUOTATION, SALES_ORDER
from services.documents.process import prepare
from services.documents.settings import Settings
from shared.contracts.documents import InvoiceIn
from shared.contracts.rpc import Conflict, Unprocessable
from shared.rpc.validation import validate_body
from shared.sri.timezone import today_ec

pytestmark = pytest.mark.unit
TODAY = date(2026, 5, 20)


@pytest.mark.parametrize("kind", [INVOICE, CREDIT_NOTE, DEBIT_NOTE])
@pytest.mark.parametrize("days_back", [0, 1, 45, 89])
def test_the_last_ninety_days_counting_today_are_accepted(kind, days_back):
    sri_checks.check_issue_date(kind, TODAY - timedelta(days=days_back), TODAY)


@pytest.mark.parametrize("kind", [INVOICE, CREDIT_NOTE, DEBIT_NOTE])
@pytest.mark.parametrize("issue, words", [(TODAY + timedelta(days=1), "posterior a hoy (2026-05-20"),
                                          (TODAY - timedelta(days=90), "anterior al 2026-02-20"),
                                          (date(2020, 1, 1), "error 65")])
def test_a_date_outside_the_window_is_a_422_on_issue_date(kind, issue, words):
    with pytest.raises(Unprocessable) as exc:
        sri_checks.check_issue_date(kind, issue, TODAY)
    [message] = exc.value.errors["issue_date"]
    assert words in message


def test_the_window_is_configurable_and_only_documents_for_the_sri_have_it():
    sri_checks.check_issue_date(INVOICE, TODAY - timedelta(days=9), TODAY, window_days=10)
    with pytest.raises(Unprocessable):
        sri_checks.check_issue_date(INVOICE, TODAY - timedelta(days=10), TODAY, window_days=10)
    for kind in (SALES_ORDER, QUOTATION):
        sri_checks.check_issue_date(kind, date(2020, 1, 1), TODAY)
    sri_checks.check_issue_date(INVOICE, None, TODAY)  # absent: today
    base = {"database_url": "postgresql://x", "amqp_url": "amqp://x"}
    assert Settings(**base).issue_date_window_days == 90
    assert Settings(**base, issue_date_window_days=30).issue_date_window_days == 30


@pytest.mark.parametrize("company", [None, {"address": None}, {"address": "  "}])
def test_without_a_head_office_address_nothing_is_issued_to_the_sri(company):
    with pytest.raises(Conflict) as exc:
        sri_checks.check_head_office(INVOICE, True, company)
    assert "dirección matriz" in exc.value.message and "PUT /settings/company" in exc.value.message
    sri_checks.check_head_office(INVOICE, False, company)  # a draft may wait for it
    sri_checks.check_head_office(SALES_ORDER, True, company)  # never sent to the SRI
    sri_checks.check_head_office(INVOICE, True, {"address": "Av. Amazonas, Quito"})


@pytest.mark.parametrize("status", ["pending", "sending", "received", "rejected", "error"])
def test_notes_only_modify_an_authorized_invoice(status):
    with pytest.raises(Conflict, match="autorizada por el SRI"):
        sri_checks.check_authorized_source({"sri_status": status}, CREDIT_NOTE)
    sri_checks.check_authorized_source({"sri_status": "authorized"}, DEBIT_NOTE)


def test_a_draft_is_dated_on_the_day_it_is_issued():
    changes, detail = sri_checks.redated({"issue_date": date(2026, 1, 2), "due_date": None}, TODAY)
    assert changes == {"issue_date": TODAY}
    assert detail == {"issue_date": "2026-05-20", "previous_issue_date": "2026-01-02"}
    changes, _ = sri_checks.redated({"issue_date": date(2026, 1, 2), "due_date": date(2026, 1, 17)}, TODAY)
    assert changes["due_date"] == date(2026, 6, 4)  # the 15-day term is kept


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Asia/Tokyo", "America/Guayaquil", "Pacific/Galapagos"])
def test_the_default_issue_date_is_never_after_today_in_ecuador(zone):
    assert today_ec() - timedelta(days=1) <= prepare.today({"timezone": zone}) <= today_ec()
    assert prepare.today({"timezone": "Pacific/Kiritimati"}) == today_ec()  # 19 hours ahead: Ecuador's day


@pytest.mark.parametrize("currency", ["EUR", "usd", "", None, 840, "USD "])
def test_only_usd_the_xml_says_dolar(currency):
    body = {"warehouse_id": 1, "items": [{"description": "x", "quantity": 1, "unit_price": 1}]}
    assert validate_body(InvoiceIn, body).currency == "USD"
    assert validate_body(InvoiceIn, {**body, "currency": "USD"}).currency == "USD"
    with pytest.raises(Unprocessable) as exc:
        validate_body(InvoiceIn, {**body, "currency": currency})
    assert exc.value.errors == {"currency": ["Solo se admite la moneda USD (dólar estadounidense): el SRI no recibe "
                                             "otra moneda."]}
