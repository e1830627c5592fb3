import pytest

from services.sequencing import domain

pytestmark = pytest.mark.unit


def test_number_is_nine_digits_and_display_has_the_series():
    assert domain.format_number(217) == "000000217"
    assert domain.display_number("001-002", 217) == "001-002-000000217"
    assert domain.format_number(999_999_999) == "999999999"


@pytest.mark.parametrize("number", [0, -1, 1_000_000_000])
def test_number_out_of_range_is_refused(number):
    with pytest.raises(ValueError):
        domain.format_number(number)


@pytest.mark.parametrize("code,ok", [("001", True), ("999", True), ("000", False), ("01", False),
                                     ("0001", False), ("a01", False), ("", False)])
def test_codes_have_three_digits_from_001(code, ok):
    assert domain.is_valid_code(code) is ok


def test_series_parse_and_build():
    assert domain.series_of("001", "002") == "001-002"
    assert domain.parse_series("001-002") == ("001", "002")
    for bad in ("001002", "001-02", "000-001", "001-000", "1-2", "001-002-003"):
        assert domain.parse_series(bad) is None


def test_document_types_default_to_all_and_accept_the_sales_note_alias():
    assert domain.normalize_types(None) == list(domain.DOCUMENT_TYPES)
    assert domain.normalize_types([]) == list(domain.DOCUMENT_TYPES)
    assert domain.normalize_types(["quotation", "sales_note", "invoice", "invoice"]) == \
        ["invoice", "sales_order", "quotation"]
    assert domain.normalize_type("sales_note") == "sales_order"
    assert domain.normalize_type("receipt") is None
    with pytest.raises(ValueError, match="receipt"):
        domain.normalize_types(["invoice", "receipt"])


def test_default_point_name():
    assert domain.default_point_name("001", "002") == "Punto 001-002"
