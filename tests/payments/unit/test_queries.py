"""GET /payments' search term, filters and shapes (domain/queries.py, db/queries.py's SQL, views/queries.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest

from services.payments.db.queries import FOLD_FROM, FOLD_TO, where_of
from services.payments.domain.queries import ReceivableFilter, Term, search_term
from services.payments.views.queries import receivable_item, recent_payment, selected_document
from shared.contracts.rpc import Unprocessable

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("raw, term", [
    (None, None),
    ("001-001", Term(None, series="001-001")),
    ("001-001-000000120", Term(None, series="001-001", number=120)),
    ("001-001-120", Term(None, series="001-001", number=120)),
    ("000000120", Term("000000120", number=120)),
    ("Peña", Term("Peña")),
    ("001-00", Term("001-00")),
])
def test_search_terms(raw, term):
    assert search_term(raw, "search") == term


def test_a_search_too_long_is_a_422_on_its_field():
    with pytest.raises(Unprocessable) as exc:
        search_term("x" * 101, "q")
    assert list(exc.value.errors) == ["q"]


def test_the_fold_maps_each_accented_letter_to_one_plain_letter():
    assert len(FOLD_FROM) == len(FOLD_TO)
    assert all(t.isascii() and t.isalpha() for t in FOLD_TO)


def test_only_given_filters_become_conditions():
    bare = where_of(5, ReceivableFilter())
    assert bare.args == [5] and bare.sql == "company_id = $1 AND recorded AND status = 'open'"
    full = where_of(5, ReceivableFilter(type="invoice", payment_status="partial", with_balance=True,
                                        term=Term("120", number=120)))
    assert full.args == [5, "invoice", "partial", 120, "%120%", "120%"]
    assert "balance > 0" in full.sql and "number = $4" in full.sql and "LIKE $5" in full.sql
    assert "customer_identification LIKE $6" in full.sql  # a RUC / cédula, exactly or its start


RECEIVABLE = {"document_id": 120, "document_type": "invoice", "series": "001-001", "number": 120,
              "display_number": "001-001-000000120", "customer_id": 7, "customer_name": "Cliente Demo",
              "customer_identification": "1710034065", "issue_date": date(2026, 2, 1), "due_date": date(2026, 2, 11),
              "currency": "USD", "total": D("46.00"), "paid_amount": D("10.00"), "credited_amount": D("0.00"),
              "balance": D("36.00"), "payment_status": "partial"}


def test_a_receivable_item():
    item = receivable_item(RECEIVABLE, date(2026, 2, 21))
    assert item == {"id": 120, "type": "invoice", "series": "001-001", "number": "000000120",
                    "display_number": "001-001-000000120", "status": "issued",
                    "customer": {"id": 7, "name": "Cliente Demo", "identification": "1710034065"},
                    "issue_date": "2026-02-01",
                    "due_date": "2026-02-11", "currency": "USD", "total": "46.0000", "paid_amount": "10.0000",
                    "credited_amount": "0.0000", "balance": "36.0000", "payment_status": "partial",
                    "days_overdue": 10}
    assert receivable_item(RECEIVABLE, date(2026, 2, 5))["days_overdue"] == 0
    paid = {**RECEIVABLE, "balance": D("0.00"), "payment_status": "paid"}
    assert receivable_item(paid, date(2026, 5, 1))["days_overdue"] == 0


def test_the_selected_document_has_the_published_keys_and_numbers():
    assert selected_document(RECEIVABLE, D("5.00")) == {
        "id": 120, "series": "001-001", "number": "000000120", "total": 46, "paid_amount": 10, "balance": 36,
        "available_advance": 5}
    assert selected_document({**RECEIVABLE, "number": None, "balance": D("35.5")}, D("0"))["balance"] == 35.5


def test_a_recent_payment():
    payment = {"id": 9, "document_id": 120, "document_type": "invoice", "series": "001-001", "number": 120,
               "display_number": "001-001-000000120", "customer_id": 7, "payment_date": date(2026, 2, 23),
               "amount": D("31.00"), "applied_advance_amount": D("5.00"), "applied_amount": D("36.00"),
               "excess_amount": D("0.00"), "method": "efectivo", "reference": None, "initial": False,
               "status": "applied", "created_at": datetime(2026, 2, 23, 15, 0, tzinfo=timezone.utc)}
    shown = recent_payment(payment)
    assert shown["amount"] == "31.0000" and shown["applied_advance_amount"] == "5.0000"
    assert shown["payment_method"] == "efectivo" and shown["created_at"] == "2026-02-23T10:00:00-05:00"


@pytest.mark.parametrize("path, name, module", [
    ("/api/v1/payments", "forward_payments_list", "payments"),
    ("/api/v1/company/payments/lookups/documents", "forward_lookups_documents", "payments"),  # not /payments/{id}
    ("/api/v1/payments/7", "forward_payments_get", "payments"),
    ("/api/v1/company/reports/receivables", "csv_reports_receivables", "reports"),  # also answers CSV
])
async def test_the_gateway_routes(path, name, module):
    from aiohttp.test_utils import make_mocked_request

    from services.gateway.app import create_app
    from services.gateway.appkeys import ROUTE_ACCESS
    from services.gateway.settings import GatewaySettings

    app = create_app(GatewaySettings(database_url="postgresql://unused", amqp_url="amqp://unused"))
    match = await app.router.resolve(make_mocked_request("GET", path))
    access = app[ROUTE_ACCESS][match.route]
    assert (match.handler.__name__, access.module, access.verb) == (name, module, "read")
