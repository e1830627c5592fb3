"""shared.sri.iva: the IVA rates in force by issue date (one table), decree rates only when enabled."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from shared.contracts.gateway import CompanyUpdate
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body
from shared.sri import catalogues
from shared.sri.iva import IVA_RATES, OPTIONAL_IVA_RATES, allowed_rates, general_rate, rate_error

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("on, rates", [
    (date(2015, 12, 31), ["0", "12"]),
    (date(2016, 5, 31), ["0", "12"]),
    (date(2016, 6, 1), ["0", "12", "14"]),      # the 14 % year (Ley de Solidaridad); 12 % in Manabí/Esmeraldas
    (date(2017, 5, 31), ["0", "12", "14"]),
    (date(2017, 6, 1), ["0", "12"]),
    (date(2024, 3, 31), ["0", "12"]),
    (date(2024, 4, 1), ["0", "5", "15"]),        # Ley para Enfrentar el Conflicto Armado Interno, Decreto 198
    (date(2026, 11, 30), ["0", "5", "15"]),
])
def test_rates_in_force_by_issue_date(on, rates):
    assert allowed_rates(on) == [D(r) for r in rates]


@pytest.mark.parametrize("on, enabled, rates", [
    (date(2024, 3, 31), [8], ["0", "8", "12"]),
    (date(2024, 3, 31), [8, 13], ["0", "8", "12"]),  # 13 % exists only under the 2024 law
    (date(2024, 4, 1), ["13"], ["0", "5", "13", "15"]),
    (date(2024, 4, 1), [D("8.00"), 13], ["0", "5", "8", "13", "15"]),
    (date(2023, 12, 19), [8], ["0", "12"]),          # before the Ley de Eficiencia Económica
])
def test_decree_rates_only_when_the_company_enables_them(on, enabled, rates):
    assert allowed_rates(on, enabled) == [D(r) for r in rates]


def test_every_row_has_an_sri_code_and_the_optional_ones_are_8_and_13():
    assert all(catalogues.iva_code(row.rate) is not None for row in IVA_RATES)
    assert {row.rate for row in IVA_RATES} == set(catalogues.IVA_RATE_CODES)
    assert OPTIONAL_IVA_RATES == (D(8), D(13))


def test_reasons_in_spanish_name_the_date_and_the_rates():
    assert rate_error(D("15.00"), date(2024, 4, 1)) is None
    assert rate_error(D("12.0000"), date(2024, 3, 31)) is None
    assert rate_error(D(12), date(2024, 4, 1)) == (
        "La tarifa de IVA 12% no está vigente al 01/04/2024. Tarifas vigentes: 0%, 5%, 15%.")
    assert rate_error(D(15), date(2024, 3, 31)) == (
        "La tarifa de IVA 15% no está vigente al 31/03/2024. Tarifas vigentes: 0%, 12%.")
    assert "habilítela en la configuración de la empresa" in rate_error(D(8), date(2026, 1, 1))
    assert rate_error(D(8), date(2026, 1, 1), [8]) is None
    assert "no está vigente" in rate_error(D("7"), date(2026, 1, 1))


def test_general_rate_by_date():
    assert [general_rate(d) for d in (date(2010, 1, 1), date(2016, 6, 1), date(2017, 6, 1), date(2024, 4, 1))] == \
        [D(12), D(14), D(12), D(15)]
    assert general_rate(date(2024, 4, 1)) == catalogues.GENERAL_IVA_RATE


def test_the_company_setting_accepts_only_the_decree_rates():
    assert validate_body(CompanyUpdate, {"enabled_iva_rates": [13, 8, 8]}).enabled_iva_rates == [8, 13]
    assert validate_body(CompanyUpdate, {"enabled_iva_rates": []}).enabled_iva_rates == []
    with pytest.raises(Unprocessable) as exc:
        validate_body(CompanyUpdate, {"enabled_iva_rates": [8, 12]})
    assert exc.value.errors["enabled_iva_rates"] == ["Solo pueden habilitarse las tarifas de IVA 8, 13."]
