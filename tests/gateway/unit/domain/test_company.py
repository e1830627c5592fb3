"""A company update merged into the current state."""
from __future__ import annotations

import pytest

from services.gateway.domain.access import MODULES
from services.gateway.domain.company import DEFAULT_SETTINGS, company_out, merge_company
from shared.contracts.gateway import CompanyUpdate
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit


def test_company_update_merges_only_the_fields_sent():
    current = {"ruc": "1792146739001", "legal_name": "A", "trade_name": "B", "address": None,
               "modules": list(MODULES), "settings": {"auto_email": False}}
    changes = validate_body(CompanyUpdate, {"trade_name": None, "regimen": "rimpe_emprendedor"})
    merged = merge_company(current, changes)
    assert merged["trade_name"] is None and merged["legal_name"] == "A"
    assert merged["settings"] == {**DEFAULT_SETTINGS, "auto_email": False, "regimen": "rimpe_emprendedor",
                                  "obligado_contabilidad": True}  # a sociedad (third digit 9) keeps accounts


@pytest.mark.parametrize("ruc", ["1792146739001", "1760013210001"])  # sociedad privada (9), pública (6)
def test_a_sociedad_cannot_say_it_keeps_no_accounts(ruc):
    current = {"ruc": ruc, "legal_name": "A", "trade_name": None, "address": "Quito", "modules": list(MODULES),
               "settings": {"obligado_contabilidad": False}}  # stored before the rule
    with pytest.raises(Unprocessable) as exc:
        merge_company(current, validate_body(CompanyUpdate, {"obligado_contabilidad": False}))
    assert list(exc.value.errors) == ["obligado_contabilidad"] and "sociedad" in exc.value.errors[
        "obligado_contabilidad"][0]
    merged = merge_company(current, validate_body(CompanyUpdate, {"legal_name": "B"}))
    assert merged["settings"]["obligado_contabilidad"] is True
    shown = company_out({**current, "id": 1, "settings": {"obligado_contabilidad": False}})
    assert shown["settings"]["obligado_contabilidad"] is True  # what the API and the event say


def test_a_person_chooses_and_a_change_of_ruc_to_a_sociedad_is_checked():
    person = {"ruc": "1710034065001", "legal_name": "A", "trade_name": None, "address": "Quito",
              "modules": list(MODULES), "settings": {}}
    assert merge_company(person, validate_body(CompanyUpdate, {"obligado_contabilidad": False}))[
        "settings"]["obligado_contabilidad"] is False
    assert merge_company(person, validate_body(CompanyUpdate, {"obligado_contabilidad": True}))[
        "settings"]["obligado_contabilidad"] is True
    with pytest.raises(Unprocessable):
        merge_company(person, validate_body(CompanyUpdate, {"ruc": "1792146739001", "obligado_contabilidad": False}))


@pytest.mark.parametrize("body, field", [({"contribuyente_especial": "12"}, "contribuyente_especial"),
                                         ({"contribuyente_especial": "53-68"}, "contribuyente_especial"),
                                         ({"agente_retencion": "0012"}, "agente_retencion"),
                                         ({"agente_retencion": "12a"}, "agente_retencion"),
                                         ({"regimen": "rimpe"}, "regimen")])
def test_resolution_numbers_and_regimen_are_422_on_their_field(body, field):
    with pytest.raises(Unprocessable) as exc:
        validate_body(CompanyUpdate, body)
    assert list(exc.value.errors) == [field]


def test_resolution_numbers_are_stored_trimmed_and_an_empty_one_clears_it():
    body = validate_body(CompanyUpdate, {"contribuyente_especial": " 5368 ", "agente_retencion": "1"})
    assert (body.contribuyente_especial, body.agente_retencion) == ("5368", "1")
    assert validate_body(CompanyUpdate, {"agente_retencion": ""}).agente_retencion is None
    assert DEFAULT_SETTINGS["agente_retencion"] is None
