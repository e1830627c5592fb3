"""The issuer's tax standing in the XML (infoTributaria and the info block), against the official XSDs:
dirMatriz / dirEstablecimiento, obligadoContabilidad, agenteRetencion, contribuyenteRimpe,
contribuyenteEspecial (the gateway's rule, shared.sri.taxpayer) and moneda DOLAR."""
from __future__ import annotations

import pytest
from lxml import etree
from pydantic import ValidationError

from services.sri_submitter.xml import build_validated
from shared.contracts.gateway import CompanyUpdate
from shared.contracts.rpc import Unprocessable
from shared.contracts.sri import SriIssuer
from shared.rpc.validation import validate_body
from tests.sri_submitter.cases import CASES
from tests.sri_submitter.snapshots import ISSUER
from tests.sri_submitter.unit.xml.test_documents import key_for

pytestmark = pytest.mark.unit
NATURAL_RUC = "1710034065001"  # a person (third digit 1): obligado only by the setting
INFO = {"invoice": "infoFactura", "credit_note": "infoNotaCredito", "debit_note": "infoNotaDebito"}
DOCS = {"invoice": "cedula", "credit_note": "credit_note", "debit_note": "debit_note"}


def built(kind: str, validator, **issuer) -> etree._Element:
    base = CASES[DOCS[kind]]()
    doc = base.model_copy(update={"issuer": SriIssuer(**{**ISSUER, **issuer})})
    return build_validated(doc, key_for(doc), validator)


def text(root: etree._Element, path: str) -> str | None:
    return root.findtext(path)


@pytest.mark.parametrize("kind", sorted(INFO))
def test_head_office_and_branch_addresses(kind, validator):
    root = built(kind, validator)
    assert text(root, "infoTributaria/dirMatriz") == ISSUER["head_office_address"]
    assert text(root, f"{INFO[kind]}/dirEstablecimiento") == ISSUER["establishment_address"]


@pytest.mark.parametrize("kind", sorted(INFO))
@pytest.mark.parametrize("ruc, setting, expected", [("1792146739001", False, "SI"), ("1760013210001", False, "SI"),
                                                    (NATURAL_RUC, False, "NO"), (NATURAL_RUC, True, "SI")],
                         ids=["sociedad_privada", "sociedad_publica", "person", "person_obligado"])
def test_a_sociedad_is_always_obligada_a_llevar_contabilidad(kind, ruc, setting, expected, validator):
    root = built(kind, validator, ruc=ruc, obligado_contabilidad=setting)
    assert text(root, f"{INFO[kind]}/obligadoContabilidad") == expected


@pytest.mark.parametrize("kind", sorted(INFO))
@pytest.mark.parametrize("legend", ["CONTRIBUYENTE RÉGIMEN RIMPE", "CONTRIBUYENTE NEGOCIO POPULAR - RÉGIMEN RIMPE"])
def test_agente_de_retencion_and_rimpe_reach_info_tributaria_in_xsd_order(kind, legend, validator):
    root = built(kind, validator, agente_retencion="12345678", rimpe_legend=legend, contribuyente_especial="5368")
    tags = [child.tag for child in root.find("infoTributaria")]
    assert tags[-3:] == ["dirMatriz", "agenteRetencion", "contribuyenteRimpe"]
    assert (text(root, "infoTributaria/agenteRetencion"), text(root, "infoTributaria/contribuyenteRimpe")) == \
        ("12345678", legend)
    assert text(root, f"{INFO[kind]}/contribuyenteEspecial") == "5368"


def test_without_them_the_optional_elements_are_left_out(validator):
    root = built("invoice", validator)
    for tag in ("agenteRetencion", "contribuyenteRimpe"):
        assert root.find(f"infoTributaria/{tag}") is None
    assert root.find("infoFactura/contribuyenteEspecial") is None


@pytest.mark.parametrize("kind, moneda", [("invoice", "DOLAR"), ("credit_note", "DOLAR"), ("debit_note", None)])
def test_moneda_is_dolar(kind, moneda, validator):  # the debit note's XSD has no moneda in infoNotaDebito
    assert text(built(kind, validator), f"{INFO[kind]}/moneda") == moneda


def accepted(field: str, value: str, validator) -> tuple[bool, bool]:
    """(PUT /settings/company accepts it, the snapshot and so the XML accept it)."""
    try:
        validate_body(CompanyUpdate, {field: value})
        gateway = True
    except Unprocessable:
        gateway = False
    try:
        built("invoice", validator, **{field: value})
        xml = True
    except ValidationError:
        xml = False
    return gateway, xml


@pytest.mark.parametrize("field, value, ok", [
    ("contribuyente_especial", "5368", True), ("contribuyente_especial", "ABC", True),
    ("contribuyente_especial", "A1B2C3D4E5F6G", True), ("contribuyente_especial", "12", False),
    ("contribuyente_especial", "A1B2C3D4E5F6G7", False), ("contribuyente_especial", "53-68", False),
    ("contribuyente_especial", "53 68", False), ("contribuyente_especial", "Ñ123", False),
    ("agente_retencion", "1", True), ("agente_retencion", "12345678", True), ("agente_retencion", "0123", False),
    ("agente_retencion", "123456789", False), ("agente_retencion", "12a", False)])
def test_resolution_numbers_are_one_rule_at_the_gateway_and_in_the_xml(field, value, ok, validator):
    assert accepted(field, value, validator) == (ok, ok)
