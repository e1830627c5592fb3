"""Pure rules of the simulator: access key, fault specs, schemas, arithmetic (no server)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from services.sri_simulator import accesskey
from services.sri_simulator.arithmetic import arithmetic_errors
from services.sri_simulator.faults import Fault, parse_spec
from services.sri_simulator.xsd import SchemaRegistry
from tests.sri_simulator.docs import XSD_DIR, Factura, Line, mod11, official_schema
from tests.sri_simulator.notes import NotaCredito, NotaDebito

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("key", ["1501202501179214673900110010020000001231234567817",
                                 "2110201101179214673900110020010000000011234567813",
                                 "0503201201176001321000110010030009900641234567814"])
def test_known_keys_verify(key):
    assert accesskey.has_valid_check_digit(key)
    assert accesskey.structure_errors(key) == []


def test_check_digit_edge_cases_and_ft_example():
    assert accesskey.check_digit("41261533") == 6 == mod11("41261533")
    for secuencial, digit in ((120, 0), (129, 1)):
        first48 = f"150120250117921467390011001002{secuencial:09d}123456781"
        assert accesskey.check_digit(first48) == digit == mod11(first48)
    assert not accesskey.has_valid_check_digit("0403201301176815353000110015010000000081234567816")
    assert accesskey.structure_errors("123") == ["la clave de acceso debe tener 49 digitos"]


def test_fault_spec_syntax():
    spec = parse_spec(" http500_once, authorize_after:3 ,no_autorizado:52")
    assert spec.faults == (Fault("http500", True), Fault("authorize_after", False, 3),
                           Fault("no_autorizado", False, 52))
    assert str(spec) == "http500_once,authorize_after:3,no_autorizado:52"
    assert spec.reception_fault(1) == Fault("http500", True) and spec.reception_fault(2) is None
    assert spec.authorize_after() == 3 and spec.rejection(2).arg == 52
    assert not parse_spec("") and parse_spec("timeout").network_fault() == Fault("timeout")


@pytest.mark.parametrize("bad", ["explode", "devuelta", "timeout:3", "authorize_after_once:2", "devuelta:x"])
def test_bad_fault_specs_are_refused(bad):
    with pytest.raises(ValueError):
        parse_spec(bad)


@pytest.mark.parametrize("doc, xsd", [(Factura(), "factura_V1.1.0.xsd"),
                                      (NotaCredito(), "NotaCredito_V1.1.0.xsd"),
                                      (NotaDebito(), "NotaDebito_V1.0.0.xsd")])
def test_test_documents_are_valid_and_add_up(doc, xsd):
    root = doc.build()
    schema = official_schema(xsd)
    assert schema.validate(root), schema.error_log
    assert SchemaRegistry(XSD_DIR).validate(root) is None
    assert arithmetic_errors(root) == []


def test_schema_selection_by_root_and_version():
    registry = SchemaRegistry(XSD_DIR)
    root = Factura().build()
    for version, code in (("1.0.0", "36"), ("9.9.9", "48")):
        root.set("version", version)
        assert registry.validate(root).identificador == code
    assert registry.validate(etree.Element("recibo", version="1.0.0")).identificador == "47"


@pytest.mark.parametrize("doc, field", [
    (Factura(total_delta=Decimal("0.02")), "importeTotal"),
    (NotaCredito(total_delta=Decimal("-0.05")), "valorModificacion"),
    (NotaDebito(total_delta=Decimal("1")), "valorTotal"),
])
def test_wrong_totals_are_found(doc, field):
    errors = arithmetic_errors(doc.build())
    assert len(errors) == 1 and errors[0].startswith(field)


def test_one_cent_tolerance_and_line_errors():
    assert arithmetic_errors(Factura(total_delta=Decimal("0.01")).build()) == []
    root = Factura(lines=[Line("3", "1.10")]).build()
    root.find("detalles/detalle/precioTotalSinImpuesto").text = "3.40"
    assert any(e.startswith("detalle 1 precioTotalSinImpuesto") for e in arithmetic_errors(root))
