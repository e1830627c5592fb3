"""Clave de acceso: layout, modulo-11 check digit (with the 11 -> 0 and 10 -> 1 rules), parsing."""
from __future__ import annotations

from datetime import date

import pytest

from services.sri_submitter.domain import access_key
from services.sri_submitter.domain.access_key import AccessKeyError

pytestmark = pytest.mark.unit

EXAMPLE = "1501202501179214673900110010020000001231234567817"
FIELDS = dict(issue_date=date(2025, 1, 15), doc_type="invoice", ruc="1792146739001", environment="test",
              establishment="001", emission_point="002", numeric_code="12345678")


def test_worked_example_of_the_spec():
    assert access_key.build(sequential=123, **FIELDS) == EXAMPLE
    assert access_key.is_valid(EXAMPLE)


def test_check_digit_of_the_ficha_tecnica():
    assert access_key.check_digit("41261533") == 6


@pytest.mark.parametrize(("sequential", "digit"), [(120, "0"), (129, "1")])
def test_eleven_becomes_zero_and_ten_becomes_one(sequential, digit):
    key = access_key.build(sequential=sequential, **FIELDS)
    assert key[-1] == digit
    assert access_key.is_valid(key)


@pytest.mark.parametrize("key", ["2110201101179214673900110020010000000011234567813",
                                 "0503201201176001321000110010030009900641234567814"])
def test_public_sample_keys_verify(key):
    assert access_key.is_valid(key)


def test_the_ficha_tecnica_anexo_sample_does_not_verify():
    assert not access_key.is_valid("0403201301176815353000110015010000000081234567816")


def test_parse_splits_every_field():
    parts = access_key.parse(EXAMPLE)
    assert (parts.issue_date, parts.doc_code, parts.ruc, parts.environment) == (date(2025, 1, 15), "01",
                                                                                 "1792146739001", "1")
    assert (parts.establishment, parts.emission_point, parts.series) == ("001", "002", "001002")
    assert (parts.sequential, parts.numeric_code, parts.emission_type, parts.check_digit) == (123, "12345678", "1", 7)


@pytest.mark.parametrize("key", [EXAMPLE[:-1], EXAMPLE + "1", EXAMPLE[:-1] + "8", "x" * 49])
def test_invalid_keys_are_rejected(key):
    assert not access_key.is_valid(key)
    with pytest.raises(AccessKeyError):
        access_key.parse(key)


def test_a_key_with_an_impossible_date_is_rejected():
    body = "32132025" + EXAMPLE[8:48]
    with pytest.raises(AccessKeyError, match="fecha"):
        access_key.parse(body + str(access_key.check_digit(body)))


def test_document_codes_and_production_environment():
    key = access_key.build(sequential=5, **{**FIELDS, "doc_type": "credit_note", "environment": "production"})
    parts = access_key.parse(key)
    assert (parts.doc_code, parts.environment, parts.sequential) == ("04", "2", 5)


def test_random_numeric_code_has_eight_digits():
    key = access_key.build(sequential=1, **{**FIELDS, "numeric_code": None})
    assert access_key.is_valid(key) and len(access_key.parse(key).numeric_code) == 8


@pytest.mark.parametrize(("field", "value"), [("ruc", "179214673900"), ("sequential", 0),
                                              ("sequential", 10**9), ("numeric_code", "1234"),
                                              ("establishment", "01"), ("environment", "3")])
def test_bad_fields_raise_in_spanish(field, value):
    fields = {**FIELDS, "sequential": 1, field: value}
    with pytest.raises(AccessKeyError, match="[a-z]"):
        access_key.build(**fields)
