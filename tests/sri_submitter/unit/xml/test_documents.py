"""XML of factura 1.1.0, nota de crédito 1.1.0 and nota de débito 1.0.0 against the official XSDs."""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from services.sri_submitter.domain import access_key
from services.sri_submitter.xml import XmlBuildError, XmlValidationError, XsdUnavailableError, XsdValidator
from services.sri_submitter.xml import build_document, build_validated, to_bytes
from services.sri_submitter.xml.text import clean, money, precise
from services.sri_submitter.xml.validator import default_xsd_dir
from tests.sri_submitter.cases import CASES
from tests.sri_submitter.snapshots import line, snapshot

pytestmark = pytest.mark.unit


def key_for(doc) -> str:
    return access_key.build(issue_date=doc.issue_date, doc_type=doc.document_type, ruc=doc.issuer.ruc,
                            environment=doc.environment, establishment=doc.establishment,
                            emission_point=doc.emission_point, sequential=doc.sequential, numeric_code="12345678")


def texts(root: etree._Element, path: str) -> list[str]:
    return [node.text for node in root.iterfind(path)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_document_of_the_table_validates_against_the_official_xsd(name, validator):
    doc = CASES[name]()
    root = build_validated(doc, key_for(doc), validator)
    assert root.get("id") == "comprobante"
    assert texts(root, "infoTributaria/claveAcceso") == [key_for(doc)]
    validator.validate(to_bytes(root))  # the serialized bytes too


def test_invoice_layout_and_codes():
    doc = CASES["mixed_iva"]()
    root = build_document(doc, key_for(doc))
    assert (root.tag, root.get("version")) == ("factura", "1.1.0")
    assert [c.tag for c in root] == ["infoTributaria", "infoFactura", "detalles"]
    assert texts(root, ".//totalImpuesto/codigoPorcentaje") == ["0", "5", "4", "7", "6"]
    assert texts(root, ".//totalImpuesto[codigoPorcentaje='4']/baseImponible") == ["519.99"]
    assert texts(root, ".//totalImpuesto[codigoPorcentaje='4']/valor") == ["78.00"]
    assert texts(root, "infoFactura/tipoIdentificacionComprador") == ["04"]


@pytest.mark.parametrize(("buyer", "code"), [("ruc", "04"), ("cedula", "05"), ("pasaporte", "06"),
                                             ("consumidor_final", "07"), ("exterior", "08")])
def test_identification_type_codes(buyer, code):
    doc = snapshot([line("Item", "1", "10")], buyer=buyer)
    assert texts(build_document(doc, key_for(doc)), "infoFactura/tipoIdentificacionComprador") == [code]


def test_consumidor_final_uses_thirteen_nines_and_its_name():
    doc = CASES["consumidor_final"]()
    root = build_document(doc, key_for(doc))
    assert texts(root, "infoFactura/identificacionComprador") == ["9999999999999"]
    assert texts(root, "infoFactura/razonSocialComprador") == ["CONSUMIDOR FINAL"]


def test_consumidor_final_above_fifty_dollars_is_refused():
    doc = snapshot([line("Televisor", "1", "499.99")], buyer="consumidor_final")
    with pytest.raises(XmlBuildError, match="consumidor final"):
        build_document(doc, key_for(doc))


@pytest.mark.parametrize(("rate", "code"), [("0", "0"), ("12", "2"), ("14", "3"), ("15", "4"), ("5", "5"),
                                            ("8", "8"), ("13", "10")])
def test_iva_percentage_codes(rate, code):
    doc = snapshot([line("Item", "1", "10", rate=rate)])
    assert texts(build_document(doc, key_for(doc)), ".//detalle/impuestos/impuesto/codigoPorcentaje") == [code]


def test_an_iva_rate_unknown_to_the_sri_is_a_build_error():
    doc = snapshot([line("Item", "1", "10", rate="7")])
    with pytest.raises(XmlBuildError, match="7"):
        build_document(doc, key_for(doc))


def test_six_decimal_quantities_and_prices_and_two_decimal_money():
    doc = CASES["six_decimals"]()
    root = build_document(doc, key_for(doc))
    assert texts(root, ".//detalle/cantidad") == ["1000.00", "12.345678"]
    assert texts(root, ".//detalle/precioUnitario") == ["0.012345", "2.554321"]
    assert texts(root, ".//detalle/precioTotalSinImpuesto") == ["12.35", "31.53"]


def test_credit_note_and_debit_note_layout():
    credit, debit = CASES["credit_note"](), CASES["debit_note"]()
    nc, nd = build_document(credit, key_for(credit)), build_document(debit, key_for(debit))
    assert (nc.tag, nc.get("version"), nd.tag, nd.get("version")) == ("notaCredito", "1.1.0", "notaDebito", "1.0.0")
    assert texts(nc, "infoNotaCredito/numDocModificado") == ["001-002-000000100"]
    assert texts(nc, "infoNotaCredito/motivo") == ["Devolución de mercadería defectuosa"]
    assert texts(nc, ".//detalle/codigoInterno") == ["P-1"]
    assert nc.find(".//totalImpuesto/tarifa") is None
    assert texts(nd, "motivos/motivo/razon") == ["Intereses por mora", "Gastos de cobranza"]
    assert texts(nd, "infoNotaDebito/valorTotal") == ["17.83"]
    assert nd.find("detalles") is None


def test_payments_with_terms():
    doc = CASES["several_payments"]()
    root = build_document(doc, key_for(doc))
    assert texts(root, ".//pago/formaPago") == ["01", "19", "20"]
    assert texts(root, ".//pago/plazo") == ["30.00", "0.00"]
    assert texts(root, ".//pago/unidadTiempo") == ["dias", "dias"]


def test_additional_info_is_cleaned_and_capped():
    doc = CASES["cedula"]()
    root = build_document(doc, key_for(doc))
    assert [c.get("nombre") for c in root.iterfind("infoAdicional/campoAdicional")] == ["Email", "Dirección",
                                                                                       "Referencia"]
    assert texts(root, "infoAdicional/campoAdicional")[2] == 'Pedido #A-17 "urgente" - entrega'
    assert texts(root, ".//detalle/descripcion") == ["Cuaderno 100 hojas"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("  José\tPérez\n Núñez  ", "José Pérez Núñez"), ("Ação Comércio", "Acao Comércio"),
    ("Niño ¿sí? ¡ya!", "Niño ¿sí? ¡ya!"), ("A & B <c>", "A & B <c>"), ("x\u0000y\u200bz 😀", "xyz"),
    ("“quoted” – dash", '"quoted" - dash'), (None, ""), ("\n \n", "")])
def test_text_cleaning(raw, expected):
    assert clean(raw) == expected


def test_text_is_cut_to_the_field_length():
    assert clean("a" * 400) == "a" * 300 and clean("abc def", 4) == "abc"


@pytest.mark.parametrize(("value", "text"), [(Decimal("1.005"), "1.01"), (Decimal("2"), "2.00"),
                                             (Decimal("50.000000"), "50.00"), (Decimal("0.125"), "0.13")])
def test_money_has_exactly_two_decimals_rounded_half_up(value, text):
    assert money(value) == text


@pytest.mark.parametrize(("value", "text"), [(Decimal("1.5"), "1.50"), (Decimal("1.2345675"), "1.234568"),
                                             (Decimal("3"), "3.00"), (Decimal("0.000001"), "0.000001")])
def test_quantity_and_price_keep_up_to_six_decimals(value, text):
    assert precise(value) == text


def test_a_schema_violation_is_a_typed_error_listing_the_messages(validator):
    doc = CASES["cedula"]()
    root = build_document(doc, key_for(doc))
    root.find("infoFactura/obligadoContabilidad").text = "QUIZAS"
    root.find("infoTributaria/secuencial").text = "12"
    with pytest.raises(XmlValidationError) as caught:
        validator.validate(root)
    assert caught.value.root_tag == "factura" and len(caught.value.messages) == 2
    assert "obligadoContabilidad" in str(caught.value) and "secuencial" in str(caught.value)


def test_elements_out_of_order_fail_validation(validator):
    doc = CASES["cedula"]()
    root = build_document(doc, key_for(doc))
    info = root.find("infoFactura")
    info.append(info.find("totalSinImpuestos"))
    with pytest.raises(XmlValidationError):
        validator.validate(root)


def test_schema_directory_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SRI_XSD_DIR", str(tmp_path))
    assert default_xsd_dir() == tmp_path
    with pytest.raises(XsdUnavailableError, match="SRI_XSD_DIR"):
        XsdValidator().schema_for("factura")
    monkeypatch.delenv("SRI_XSD_DIR")
    assert default_xsd_dir().parts[-3:] == ("shared", "sri", "xsd")


def test_unknown_root_has_no_schema(validator):
    with pytest.raises(XsdUnavailableError):
        validator.validate(etree.fromstring(b"<guiaRemision/>"))
