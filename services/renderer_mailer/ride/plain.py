"""The plain layout of sales orders and quotations: the factura's template without anything of
the SRI (no access key, no authorization, no barcode) and the legend that it has no tax value."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from services.renderer_mailer.ride.context import buyer, logo_uri, totals
from services.renderer_mailer.ride.render import environment, write_pdf
from shared.contracts.renderer import PlainDocument
from shared.contracts.sri import SriLine, SriTax

PlainType = Literal["sales_order", "quotation"]
TITLES = {"sales_order": "PEDIDO DE VENTA", "quotation": "COTIZACIÓN"}
LEGEND = "DOCUMENTO SIN VALIDEZ TRIBUTARIA"


def line_taxes(lines: list[SriLine]) -> list[SriTax]:
    """The tax totals of the lines (base and amount summed per tax, rate and exemption), for a
    document that came without them."""
    grouped: dict[tuple, tuple[Decimal, Decimal]] = {}
    for tax in (t for line in lines for t in line.taxes):
        key = (tax.code, tax.rate, tax.exemption)
        base, amount = grouped.get(key, (Decimal(0), Decimal(0)))
        grouped[key] = (base + tax.base, amount + tax.amount)
    return [SriTax(code=code, rate=rate, exemption=exemption, base=base, amount=amount)
            for (code, rate, exemption), (base, amount) in grouped.items()]


def plain_context(document_type: PlainType, number: str, issue_date: date, plain: PlainDocument,
                  logo: bytes | None) -> dict[str, Any]:
    title = TITLES[document_type]
    if document_type == "quotation":
        second = plain.valid_until and {"label": "VÁLIDA HASTA", "value": f"{plain.valid_until:%d/%m/%Y}"}
    else:
        second = plain.due_date and {"label": "FECHA DE VENCIMIENTO", "value": f"{plain.due_date:%d/%m/%Y}"}
    return {
        "doc": plain, "issuer": plain.issuer, "buyer": buyer(plain.buyer), "logo": logo_uri(logo),
        "title": title, "number": number, "issue_date": f"{issue_date:%d/%m/%Y}", "second_date": second,
        "legend": LEGEND, "guia_remision": None, "payments": [],
        "totals": totals(plain.tax_totals or line_taxes(plain.lines), plain.totals, tip=False),
    }


def render_plain_html(plain: PlainDocument, *, document_type: PlainType, number: str, issue_date: date,
                      logo: bytes | None = None) -> str:
    return environment().get_template("plain.html.j2").render(
        plain_context(document_type, number, issue_date, plain, logo))


def render_plain_pdf(plain: PlainDocument, *, document_type: PlainType, number: str, issue_date: date,
                     logo: bytes | None = None) -> bytes:
    """The sales order's or quotation's PDF (`number` as printed: 001-001-000000012)."""
    return write_pdf(render_plain_html(plain, document_type=document_type, number=number, issue_date=issue_date,
                                       logo=logo))
