"""The RIDE renders each document type with every field SRI.md section 7 asks for (checked with pdftotext)."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from services.renderer_mailer.ride import render_pdf
from services.renderer_mailer.ride.amounts import amount, money
from tests.renderer_mailer.rides import long_invoice, ride_of
from tests.sri_submitter.cases import CASES

pytestmark = pytest.mark.unit
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext not installed (apt-get install poppler-utils)")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" \
      b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"


def pages(pdf: bytes) -> list[str]:
    out = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return out.decode("utf-8").split("\f")[:-1]


def flat(text: str) -> str:
    return " ".join(text.split())


def common_fields(ride) -> list[str]:
    doc = ride.document
    return [doc.issuer.ruc, doc.issuer.legal_name, doc.issuer.head_office_address, doc.number, ride.access_key,
            "NÚMERO DE AUTORIZACIÓN", "15/01/2025 10:42:07", "AMBIENTE: PRUEBAS", "EMISIÓN: NORMAL",
            "CLAVE DE ACCESO", "OBLIGADO A LLEVAR CONTABILIDAD: SI", doc.buyer.name, doc.buyer.identification,
            "Fecha Emisión: 15/01/2025", "SUBTOTAL SIN IMPUESTOS", "VALOR TOTAL", money(doc.totals.total),
            "IVA 15%", "Página 1 de 1"]


@needs_pdftotext
@pytest.mark.parametrize("case", ["ruc", "mixed_iva", "discounts", "several_payments", "cedula"])
def test_an_invoice_shows_every_required_field(case):
    ride = ride_of(CASES[case]())
    text = flat(pages(render_pdf(ride))[0])
    doc = ride.document
    expected = common_fields(ride) + ["FACTURA", "PROPINA", money(doc.totals.tip), "TOTAL DESCUENTO",
                                      money(doc.totals.discount), "Forma de pago"]
    expected += [flat(item.description) for item in doc.lines]
    expected += [money(item.subtotal) for item in doc.lines] + [money(item.discount) for item in doc.lines]
    expected += [amount(item.unit_price) for item in doc.lines]
    expected += [money(p.amount) for p in doc.payments]
    expected += [f"{i.name} {i.value}" for i in doc.additional_info if i.value.isascii()]
    missing = [field for field in expected if field not in text]
    assert missing == [], text


@needs_pdftotext
def test_the_issuer_legends_and_payment_names_are_printed():
    text = flat(pages(render_pdf(ride_of(CASES["ruc"]())))[0])
    for field in ("Contribuyente Especial Nro.: 5368", "Agente de Retención Resolución No. 1",
                  "CONTRIBUYENTE RÉGIMEN RIMPE", "SERV-001", "AUX-9", "Sin utilización del sistema financiero"):
        assert field in text
    several = flat(pages(render_pdf(ride_of(CASES["several_payments"]())))[0])
    assert "Tarjeta de crédito" in several and "30 días" in several


@needs_pdftotext
def test_a_subtotal_per_iva_rate():
    text = flat(pages(render_pdf(ride_of(CASES["mixed_iva"]())))[0])
    for field in ("SUBTOTAL 15% 519.99", "SUBTOTAL 5% 82.50", "SUBTOTAL 0% 2.20", "SUBTOTAL EXENTO DE IVA 12.00",
                  "SUBTOTAL NO OBJETO DE IVA 5.00", "IVA 15% 78.00", "IVA 5% 4.13"):
        assert field in text
    tourism = flat(pages(render_pdf(ride_of(CASES["pasaporte"]())))[0])
    assert "SUBTOTAL 8% (TARIFA ESPECIAL) 80.00" in tourism and "Pasaporte" in tourism


@needs_pdftotext
def test_a_final_consumer_is_printed_as_such():
    text = flat(pages(render_pdf(ride_of(CASES["consumidor_final"]())))[0])
    assert "CONSUMIDOR FINAL" in text and "9999999999999" in text


@needs_pdftotext
def test_a_credit_note_shows_the_modified_document_and_reason():
    ride = ride_of(CASES["credit_note"]())
    text = flat(pages(render_pdf(ride))[0])
    expected = common_fields(ride) + ["NOTA DE CRÉDITO", "Devolución cuaderno", "Lote: L-1", "P-1",
                                      "FACTURA 001-002-000000100", "10/01/2025",
                                      "Devolución de mercadería defectuosa", "cliente@example.com"]
    assert [f for f in expected if f not in text] == [], text


@needs_pdftotext
def test_a_debit_note_shows_its_reasons_and_values():
    ride = ride_of(CASES["debit_note"]())
    text = flat(pages(render_pdf(ride))[0])
    expected = common_fields(ride) + ["NOTA DE DÉBITO", "Intereses por mora 10.00", "Gastos de cobranza 5.50",
                                      "FACTURA 001-002-000000100", "Otros con utilización del sistema financiero"]
    assert [f for f in expected if f not in text] == [], text


@needs_pdftotext
def test_a_long_invoice_repeats_the_header_row_and_numbers_its_pages():
    ride = ride_of(long_invoice(60))
    found = [flat(p) for p in pages(render_pdf(ride))]
    assert len(found) >= 2
    assert all(f"Página {n} de {len(found)}" in page for n, page in enumerate(found, 1))
    assert all("Descripción" in page and "Precio Total" in page for page in found)
    assert found[1].startswith("Cod. Principal Cod. Auxiliar Cant. Descripción")  # the header row, first
    everything = " ".join(found)
    assert all(f"Producto de prueba número {i:03d}" in everything for i in range(1, 61))
    assert money(ride.document.totals.total) in found[-1] and ride.access_key in found[0]


def test_a_logo_is_embedded_and_the_output_is_a_pdf():
    pdf = render_pdf(ride_of(CASES["ruc"](), logo=PNG))
    assert pdf.startswith(b"%PDF-") and b"/Image" in pdf


def test_money_and_quantities_are_formatted_from_decimals():
    from decimal import Decimal
    assert money(Decimal("1234.5")) == "1,234.50" and money(Decimal("0.005")) == "0.01"
    assert amount(Decimal("12.345678")) == "12.345678" and amount(Decimal("2")) == "2.00"
