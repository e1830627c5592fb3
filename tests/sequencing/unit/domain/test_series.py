"""Series codes, and why a series cannot number a document (NumberRejected and series.resolve)."""
import pytest

from services.sequencing.domain import series

pytestmark = pytest.mark.unit


def point(**overrides) -> dict:
    return {"active": True, "establishment_active": True, "document_types": ["invoice", "credit_note"],
            "establishment_types": ["invoice"], "manual_numbering": False, **overrides}


def test_series_parse_and_build():
    assert series.series_of("001", "002") == "001-002"
    assert series.parse_series("001-002") == ("001", "002")
    for bad in ("001002", "001-02", "000-001", "001-000", "1-2", "001-002-003"):
        assert series.parse_series(bad) is None


def test_default_point_name():
    assert series.default_point_name("001", "002") == "Punto 001-002"


def test_enabled_needs_both_the_point_and_the_establishment():
    assert series.enabled_for(point(), "invoice")
    assert not series.enabled_for(point(), "credit_note")  # the establishment does not issue them
    assert not series.enabled_for(point(active=False), "invoice")
    assert not series.enabled_for(point(establishment_active=False), "invoice")


@pytest.mark.parametrize("row,document_type,reason", [
    (None, "invoice", "La serie 001-002 no existe."),
    (point(), "credit_note", "La serie 001-002 no está habilitada para nota de crédito."),
    (point(active=False), "invoice", "La serie 001-002 no está habilitada para factura."),
    (point(), "invoice", None),
])
def test_series_refusal(row, document_type, reason):
    assert series.series_refusal(row, "001-002", document_type) == reason


def test_manual_numbering_refusal():
    assert series.manual_refusal(point(), "001-002") == "El punto de emisión 001-002 no permite numeración manual."
    assert series.manual_refusal(point(manual_numbering=True), "001-002") is None
