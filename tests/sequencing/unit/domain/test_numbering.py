import pytest

from services.sequencing.domain import numbering

pytestmark = pytest.mark.unit


def point(**overrides) -> dict:
    return {"active": True, "establishment_active": True, "document_types": ["invoice"],
            "establishment_types": ["invoice"], "manual_numbering": False, **overrides}


def test_number_is_nine_digits_and_display_has_the_series():
    assert numbering.format_number(217) == "000000217"
    assert numbering.display_number("001-002", 217) == "001-002-000000217"
    assert numbering.format_number(999_999_999) == "999999999"


@pytest.mark.parametrize("number", [0, -1, 1_000_000_000])
def test_number_out_of_range_is_refused(number):
    with pytest.raises(ValueError):
        numbering.format_number(number)


@pytest.mark.parametrize("row,document_type,manual,reason", [
    (None, "invoice", False, "La serie 001-002 no existe."),
    (None, "invoice", True, "La serie 001-002 no existe."),
    (point(), "credit_note", True, "La serie 001-002 no está habilitada para nota de crédito."),
    (point(), "invoice", True, "El punto de emisión 001-002 no permite numeración manual."),
    (point(manual_numbering=True), "invoice", True, None),
    (point(), "invoice", False, None),
])
def test_allocation_refusal_checks_the_series_then_manual_numbering(row, document_type, manual, reason):
    assert numbering.allocation_refusal(row, "001-002", document_type, manual) == reason


def test_used_number_and_exhausted_series():
    assert numbering.number_used("001-002", 15) == "El número 001-002-000000015 ya fue utilizado en la serie 001-002."
    assert numbering.series_exhausted("001-002", "invoice") == "La serie 001-002 agotó su numeración para factura."
