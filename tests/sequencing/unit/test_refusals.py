"""Why a series cannot number a document: Spanish reasons for NumberRejected and series.resolve."""
import pytest

from services.sequencing import domain

pytestmark = pytest.mark.unit


def point(**overrides) -> dict:
    return {"active": True, "establishment_active": True, "document_types": ["invoice", "credit_note"],
            "establishment_types": ["invoice"], "manual_numbering": False, **overrides}


def test_enabled_needs_both_the_point_and_the_establishment():
    assert domain.enabled_for(point(), "invoice")
    assert not domain.enabled_for(point(), "credit_note")  # the establishment does not issue them
    assert not domain.enabled_for(point(active=False), "invoice")
    assert not domain.enabled_for(point(establishment_active=False), "invoice")


@pytest.mark.parametrize("row,document_type,reason", [
    (None, "invoice", "La serie 001-002 no existe."),
    (point(), "credit_note", "La serie 001-002 no está habilitada para nota de crédito."),
    (point(active=False), "invoice", "La serie 001-002 no está habilitada para factura."),
    (point(), "invoice", None),
])
def test_series_refusal(row, document_type, reason):
    assert domain.series_refusal(row, "001-002", document_type) == reason


def test_manual_numbers_and_exhausted_series():
    assert domain.manual_refusal(point(), "001-002") == "El punto de emisión 001-002 no permite numeración manual."
    assert domain.manual_refusal(point(manual_numbering=True), "001-002") is None
    assert domain.number_used("001-002", 15) == "El número 001-002-000000015 ya fue utilizado en la serie 001-002."
    assert domain.series_exhausted("001-002", "invoice") == "La serie 001-002 agotó su numeración para factura."
