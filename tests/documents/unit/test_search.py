"""GET /documents search: reading the query (dates, statuses) and what the `search` term means."""
from __future__ import annotations

from datetime import date

import pytest

from services.documents.domain.search import DocumentFilter, SearchTerm, search_term
from services.documents.handlers.documents import document_filter
from shared.contracts.rpc import Identity, RpcRequest, Unprocessable
from shared.rpc.params import query_date, query_date_range

pytestmark = pytest.mark.unit


def req(**query) -> RpcRequest:
    return RpcRequest(method="documents.list", identity=Identity(company_id=1), query=query)


def errors_of(fn, *args) -> dict:
    with pytest.raises(Unprocessable) as exc:
        fn(*args)
    return exc.value.errors


@pytest.mark.parametrize("raw,expected", [
    ("123", SearchTerm("123", number=123)),
    ("000000123", SearchTerm("000000123", number=123)),
    ("001-002-000000123", SearchTerm(None, "001-002", 123)),
    ("001-002-123", SearchTerm(None, "001-002", 123)),
    ("001-002", SearchTerm("001-002", "001-002")),
    ("1792146739001", SearchTerm("1792146739001")),  # a RUC: 13 digits are no document number
    ("000000000", SearchTerm("000000000")),
    ("001-002-000000000", SearchTerm("001-002-000000000")),
    ("José Pérez", SearchTerm("José Pérez")),
    ("50%_off", SearchTerm("50%_off")),
])
def test_the_search_term_reads_numbers_series_and_text(raw, expected):
    assert search_term(raw) == expected


def test_search_term_absent_or_too_long():
    assert search_term(None) is None
    assert search_term("x" * 100) == SearchTerm("x" * 100)
    assert errors_of(search_term, "x" * 101) == {"search": ["El campo search no debe tener más de 100 caracteres."]}


def test_query_dates_are_strict_iso_and_the_range_is_ordered():
    assert query_date(req(**{"from": " 2026-02-01 "}), "from") == date(2026, 2, 1)
    assert query_date(req(), "from") is None
    for bad in ("2026-02-30", "20260201", "2026-2-1", "01/02/2026", "2026-02-01T00:00", "mañana"):
        assert errors_of(query_date, req(**{"from": bad}), "from") == {
            "from": ["El campo from debe ser una fecha válida (AAAA-MM-DD)."]}
    same = req(**{"from": "2026-02-01", "to": "2026-02-01"})
    assert query_date_range(same) == (date(2026, 2, 1), date(2026, 2, 1))
    assert query_date_range(req(to="2026-02-01")) == (None, date(2026, 2, 1))
    assert errors_of(query_date_range, req(**{"from": "2026-02-02", "to": "2026-02-01"})) == {
        "to": ["El campo to debe ser una fecha posterior o igual a from."]}


def test_the_list_query_becomes_one_filter():
    query = {"type": "sales_note", "status": "issued", "sri_status": "authorized", "payment_status": "partial",
             "customer_id": "7", "from": "2026-01-01", "to": "2026-01-31", "search": " 001-001-000000009 "}
    assert document_filter(req(**query)) == DocumentFilter(
        "sales_order", "issued", "authorized", "partial", 7, date(2026, 1, 1), date(2026, 1, 31),
        SearchTerm(None, "001-001", 9))
    assert document_filter(req(search="", sri_status="")) == DocumentFilter()


@pytest.mark.parametrize("name,value", [("sri_status", "autorizado"), ("payment_status", "unpaid"),
                                        ("customer_id", "x"), ("customer_id", "0"), ("from", "ayer"),
                                        ("to", "2026-13-01"), ("type", "receipt"), ("status", "open")])
def test_a_bad_value_is_a_422_naming_its_parameter(name, value):
    errors = errors_of(document_filter, req(**{name: value}))
    assert list(errors) == [name] and f"campo {name} " in errors[name][0], errors
