"""The documents lookup's text and Select2 shape (views/lookups.py), without servers."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from services.payments.views.lookups import dollars, lookup_text, select2

pytestmark = pytest.mark.unit


def row(balance: str, display: str | None = "001-001-000000120", document_id: int = 120) -> dict:
    return {"document_id": document_id, "display_number": display, "customer_name": "Cliente Demo",
            "balance": D(balance)}


def test_the_published_text():
    assert lookup_text(row("36")) == "001-001-000000120 | Cliente Demo | Saldo $36.00"


@pytest.mark.parametrize("value, text", [
    ("0.5", "$0.50"), ("1234.5", "$1,234.50"), ("1234567.891", "$1,234,567.89"), ("2.005", "$2.01"),
    ("999.995", "$1,000.00")])
def test_money_as_on_the_ride(value, text):
    assert dollars(D(value)) == text


def test_a_document_without_a_number_yet_shows_its_id():
    assert lookup_text(row("10", display=None, document_id=77)) == "#77 | Cliente Demo | Saldo $10.00"


def test_select2_shape():
    assert select2([row("36")], more=True) == {
        "results": [{"id": 120, "text": "001-001-000000120 | Cliente Demo | Saldo $36.00"}],
        "pagination": {"more": True}}
    assert select2([], more=False) == {"results": [], "pagination": {"more": False}}
