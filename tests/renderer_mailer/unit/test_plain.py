"""The plain layout (sales orders, quotations): every field it prints, nothing of the SRI, the legend
on every page; and the fonts the setup installs (accents, symbols, emoji) are the ones used."""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from services.renderer_mailer.ride import render_pdf, render_plain_pdf
from services.renderer_mailer.ride.amounts import amount, money
from services.renderer_mailer.ride.plain import line_taxes
from tests.renderer_mailer.rides import LOGO, PLAIN_DATE, PLAIN_NUMBER, long_invoice, plain_of, quotation, \
    ride_of, sales_order
from tests.renderer_mailer.unit.test_ride import flat, needs_pdftotext, pages

pytestmark = pytest.mark.unit
PDFFONTS = shutil.which("pdffonts")
LEGEND = "DOCUMENTO SIN VALIDEZ TRIBUTARIA"


def plain_pdf(kind: str, plain, logo: bytes | None = LOGO) -> bytes:
    return render_plain_pdf(plain, document_type=kind, number=PLAIN_NUMBER, issue_date=PLAIN_DATE, logo=logo)


def plain_fields(plain) -> list[str]:
    return [plain.issuer.ruc, plain.issuer.legal_name, plain.issuer.head_office_address, PLAIN_NUMBER,
            "FECHA DE EMISIÓN: 15/01/2025", plain.buyer.name, plain.buyer.identification, "SUBTOTAL SIN IMPUESTOS",
            "TOTAL DESCUENTO", money(plain.totals.discount), "VALOR TOTAL", money(plain.totals.total), "IVA 15%",
            LEGEND, "Documento sin validez tributaria", "Página 1 de 1",
            *[flat(item.description) for item in plain.lines], *[money(item.subtotal) for item in plain.lines],
            *[money(item.discount) for item in plain.lines], *[amount(item.unit_price) for item in plain.lines]]


@needs_pdftotext
def test_a_quotation_shows_its_fields_and_nothing_of_the_sri():
    plain = quotation()
    text = flat(pages(plain_pdf("quotation", plain))[0])
    expected = plain_fields(plain) + [
        "COTIZACIÓN", "VÁLIDA HASTA: 14/02/2025", "REFERENCIA: Solicitud #A-17", "Vendedor: María José Añazco",
        "SUBTOTAL 15% 173.16", "SUBTOTAL 5% 15.00", "SUBTOTAL 0% 23.00", "IVA 15% 25.97", "IVA 5% 0.75",
        "Observaciones", "50 % anticipo", "Garantía © Demo Ñandú™ 12 meses", "Email compras@example.com"]
    assert [f for f in expected if f not in text] == [], text
    for sri_only in ("AUTORIZACIÓN", "CLAVE DE ACCESO", "AMBIENTE", "EMISIÓN: NORMAL", "PROPINA", "sistema financiero"):
        assert sri_only not in text


@needs_pdftotext
def test_a_sales_order_shows_its_due_date():
    plain = sales_order()
    text = flat(pages(plain_pdf("sales_order", plain, logo=None))[0])
    expected = plain_fields(plain) + ["PEDIDO DE VENTA", "FECHA DE VENCIMIENTO: 31/01/2025", "Vendedor: Pedro Ortiz",
                                      "Cédula", "Demo Ñandú"]  # no logo: the trade name in its place
    assert [f for f in expected if f not in text] == [], text
    assert "COTIZACIÓN" not in text and "VÁLIDA HASTA" not in text and "Observaciones" not in text


@needs_pdftotext
def test_a_long_quotation_repeats_the_header_row_and_the_legend_on_every_page():
    plain = plain_of(long_invoice(60), valid_until=PLAIN_DATE)
    found = [flat(p) for p in pages(plain_pdf("quotation", plain))]
    assert len(found) >= 2
    for n, page in enumerate(found, 1):
        assert f"Página {n} de {len(found)}" in page and LEGEND in page and f"COTIZACIÓN No. {PLAIN_NUMBER}" in page
        assert "Cod. Principal" in page and "Descripción" in page and "Precio Total" in page
    assert found[1].startswith("Cod. Principal Cod. Auxiliar Cant. Descripción")  # the header row, first
    assert money(plain.totals.total) in found[-1]


def sums(taxes) -> dict:
    out: dict = {}
    for tax in taxes:
        base, value = out.get((tax.code, tax.rate, tax.exemption), (Decimal(0), Decimal(0)))
        out[(tax.code, tax.rate, tax.exemption)] = (base + tax.base, value + tax.amount)
    return out


@needs_pdftotext
def test_without_tax_totals_the_subtotals_come_from_the_lines():
    plain = quotation()
    assert sums(line_taxes(plain.lines)) == sums(plain.tax_totals)
    text = flat(pages(plain_pdf("quotation", plain.model_copy(update={"tax_totals": []})))[0])
    assert "SUBTOTAL 15% 173.16" in text and "SUBTOTAL 5% 15.00" in text and "IVA 5% 0.75" in text


@pytest.mark.skipif(PDFFONTS is None, reason="pdffonts not installed (apt-get install poppler-utils)")
def test_accents_symbols_and_emoji_use_the_installed_fonts():
    """Liberation Sans for the text, Noto Color Emoji for 🚚 and ☕ (a box without it)."""
    fonts = subprocess.run([PDFFONTS, "-"], input=plain_pdf("quotation", quotation()), capture_output=True,
                           check=True).stdout.decode()
    assert "Liberation-Sans" in fonts and "Noto-Color-Emoji" in fonts, fonts
    invoice = subprocess.run([PDFFONTS, "-"], input=render_pdf(ride_of(long_invoice(3))), capture_output=True,
                             check=True).stdout.decode()
    assert "Noto-Color-Emoji" in invoice  # the 🚚 of its additional information
