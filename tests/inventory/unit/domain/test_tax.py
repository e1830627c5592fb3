from decimal import Decimal as D

import pytest

from services.inventory.domain import tax
from shared.sri.catalogues import iva_code

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("rate,exemption,code", [
    ("0", None, "0"), ("5", None, "5"), ("12", None, "2"), ("13", None, "10"), ("14", None, "3"),
    ("15", None, "4"), ("15.0000", None, "4"), ("8", None, "8"), ("0", "no_objeto", "6"), ("0", "exento", "7"),
    ("7", None, None), ("15", "exento", None),
])
def test_iva_rates_map_to_sri_codes(rate, exemption, code):
    """A product's stored rate and exemption (numeric(7,4)) give its sri_iva_code."""
    assert iva_code(D(rate), exemption) == code


def test_tax_checks_and_defaults():
    assert tax.tax_errors(D(15), None) == {}
    assert list(tax.tax_errors(D(7), None)) == ["tax_rate"]
    assert tax.tax_errors(D(7), None)["tax_rate"] == [
        "La tarifa de IVA 7 no es válida. Tarifas permitidas: 0, 5, 8, 12, 13, 14, 15."]
    assert list(tax.tax_errors(D(15), "exento")) == ["tax_exemption"]
    assert tax.tax_defaults({"tax_rate": None})["tax_rate"] == D(15)
    assert tax.tax_defaults({"tax_rate": None, "tax_exemption": "exento"})["tax_rate"] == D(0)
