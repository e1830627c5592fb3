"""SRI-correct content, end to end in pure code: documents prices and snapshots (documents_made.py),
the submitter writes the XML, the official XSD validates it and the simulator accepts it (schemas,
access key, signature, arithmetic). Line IVA values add up to the header per rate, to the cent
(SRI.md "Decision (IVA, lines vs header)"); credit notes keep their invoice's rate; formaPago."""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from decimal import Decimal as D

import pytest
from lxml import etree

from services.sri_simulator.arithmetic import arithmetic_errors
from services.sri_simulator.checks import authorization_error
from services.sri_simulator.document import parse_document
from services.sri_simulator.xsd import SchemaRegistry
from services.sri_submitter.xml import build_validated, signing, to_bytes
from tests.sri_submitter.documents_made import document, item, submit
from tests.sri_submitter.unit.conftest import XSD_DIR
from tests.sri_submitter.unit.xml.test_documents import key_for, texts

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def registry(validator) -> SchemaRegistry:
    return SchemaRegistry(XSD_DIR)


def accepted(doc, validator, registry, cert=None) -> etree._Element:
    """Valid against the official XSD, and nothing the simulator would reject it for."""
    root = build_validated(doc, key_for(doc), validator)
    assert registry.validate(root) is None
    assert arithmetic_errors(root) == []
    if cert is not None:
        signed = signing.sign(root, cert.key, cert.certificate)
        assert authorization_error(parse_document(signed), signed) is None
    return etree.fromstring(to_bytes(root))


def per_rate(root: etree._Element, header_path: str) -> tuple[dict, dict]:
    """(sum of the lines' IVA valor, header valor) per codigoPorcentaje."""
    lines: dict[str, D] = defaultdict(D)
    for imp in root.iterfind(".//detalle/impuestos/impuesto"):
        lines[imp.findtext("codigoPorcentaje")] += D(imp.findtext("valor"))
    header = {t.findtext("codigoPorcentaje"): D(t.findtext("valor")) for t in root.iterfind(header_path)}
    return dict(lines), header


def test_the_sri_md_example_lines_add_up_to_the_header(validator, registry, signing_cert):
    doc = submit([item("1", "0.03") for _ in range(20)])
    root = accepted(doc, validator, registry, signing_cert)
    assert texts(root, ".//totalImpuesto/baseImponible") == ["0.60"]
    assert texts(root, ".//totalImpuesto/valor") == ["0.09"]
    assert texts(root, ".//detalle/impuestos/impuesto/valor").count("0.01") == 9
    assert per_rate(root, ".//totalImpuesto") == ({"4": D("0.09")}, {"4": D("0.09")})
    assert texts(root, "infoFactura/importeTotal") == ["0.69"]


def _random_items(rng: random.Random) -> list:
    kinds = [("15", None), ("5", None), ("0", None), ("0", "exento"), ("0", "no_objeto")]
    out = []
    for _ in range(rng.randint(1, 30)):
        rate, exemption = rng.choice(kinds)
        quantity = str(D(rng.randint(1, 3000)) / D(rng.choice([1, 100, 1000])))
        price = str(D(rng.randint(1, 2_000_000)) / D(10**6))
        out.append(item(quantity, price, rate, exemption, rng.choice([None, None, "10", "33.3333"])))
    return out


@pytest.mark.parametrize("seed", range(60))
def test_property_random_invoices_validate_add_up_per_rate_and_pass_the_simulator(seed, validator, registry):
    rng = random.Random(seed)
    root = accepted(submit(_random_items(rng), number=seed + 1), validator, registry)
    lines, header = per_rate(root, ".//totalImpuesto")
    assert lines == header
    for imp in root.iterfind(".//detalle/impuestos/impuesto"):
        exact = D(imp.findtext("baseImponible")) * D(imp.findtext("tarifa")) / 100
        assert abs(D(imp.findtext("valor")) - exact) < D("0.01")


def test_a_credit_note_keeps_the_rate_of_its_invoice(validator, registry, signing_cert):
    """An invoice of March 2024 at 12 %, credited after the 15 % took over: the note says 12 %."""
    invoice_row, _ = document([item("3", "10.00", "12")], issue=date(2024, 3, 28), number=90)
    note = submit([item("1", "10.00", "12"), item("1", "0.03", "12")], doc_type="credit_note",
                  issue=date(2024, 4, 2), source=invoice_row, number=1)
    root = accepted(note, validator, registry, signing_cert)
    assert texts(root, ".//detalle/impuestos/impuesto/tarifa") == ["12.00", "12.00"]
    assert texts(root, ".//totalImpuesto/codigoPorcentaje") == ["2"]
    assert texts(root, "infoNotaCredito/fechaEmisionDocSustento") == ["28/03/2024"]
    assert per_rate(root, ".//totalImpuesto") == ({"2": D("1.20")}, {"2": D("1.20")})


@pytest.mark.parametrize("paid, due, expected", [
    (None, date(2026, 3, 24), [("01", "28.75", "30.00")]),
    ({"amount": "10.00", "method": "Tarjeta de crédito"}, date(2026, 3, 9), [("19", "10.00", None),
                                                                            ("01", "18.75", "15.00")]),
    ({"amount": "28.75", "method": "credito"}, date(2026, 3, 24), [("01", "28.75", "30.00")]),
    ({"amount": "28.75", "method": "transferencia"}, None, [("20", "28.75", None)]),
])
def test_forma_de_pago_is_the_method_used_and_credit_carries_its_plazo(paid, due, expected, validator, registry):
    doc = submit([item("2", "12.50")], initial_payment=paid, due_date=due)
    root = accepted(doc, validator, registry)
    got = [(p.findtext("formaPago"), p.findtext("total"), p.findtext("plazo")) for p in root.iterfind(".//pago")]
    assert got == expected
    assert all(p.findtext("unidadTiempo") == "dias" for p in root.iterfind(".//pago") if p.findtext("plazo"))
