"""Snapshots of `sri.submit_document` for tests, with totals computed like documents does."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from shared.contracts.sri import SriBuyer, SriLine, SriPayment, SriTax, SubmitDocument

RUC = "1792146739001"
CENT = Decimal("0.01")
ISSUER = {"ruc": RUC, "legal_name": "Compañía Demostración S.A.", "trade_name": "Demo Ñandú",
          "head_office_address": "Av. Amazonas N34-451 y Av. Atahualpa, Quito",
          "establishment_address": "Calle Olmedo 123, Guayaquil", "obligado_contabilidad": True}
BUYERS = {
    "consumidor_final": SriBuyer(identification_type="consumidor_final", identification="", name=""),
    "cedula": SriBuyer(identification_type="cedula", identification="1710034065", name="José Pérez Núñez",
                       address="Cdla. Kennedy, Mz 5", email="jose@example.com"),
    "ruc": SriBuyer(identification_type="ruc", identification="0992339411001", name="Cliente Empresa Cía. Ltda.",
                    address="Av. 9 de Octubre 100\nPiso 3", email="compras@example.com"),
    "pasaporte": SriBuyer(identification_type="pasaporte", identification="AB1234567", name="John O'Connor"),
    "exterior": SriBuyer(identification_type="exterior", identification="X-99887766", name="Müller GmbH"),
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line(description: str, quantity: str, price: str, rate: str = "15", discount: str = "0",
         exemption: str | None = None, **extra) -> SriLine:
    """A line whose subtotal and tax follow SRI rounding (2 places per line, half up)."""
    subtotal = money(Decimal(quantity) * Decimal(price)) - Decimal(discount)
    tax = SriTax(rate=Decimal(rate), exemption=exemption, base=subtotal,
                 amount=money(subtotal * Decimal(rate) / 100))
    return SriLine(description=description, quantity=Decimal(quantity), unit_price=Decimal(price),
                   discount=Decimal(discount), subtotal=subtotal, taxes=[tax], **extra)


def snapshot(lines: list[SriLine], buyer: str = "cedula", payments: list[SriPayment] | None = None,
             doc_type: str = "invoice", tip: str = "0", sequential: int = 123, **extra) -> SubmitDocument:
    """A consistent document: tax totals are the line taxes (the builder groups them)."""
    taxes = [t for item in lines for t in item.taxes] or extra.pop("tax_totals")
    subtotal = sum((item.subtotal for item in lines), Decimal("0")) or extra.pop("subtotal")
    tax_total = sum((t.amount for t in taxes), Decimal("0"))
    total = subtotal + tax_total + Decimal(tip)
    if payments is None and doc_type == "invoice":
        payments = [SriPayment(method="01", amount=total)]
    return SubmitDocument(
        document_id=sequential, company_id=1, document_type=doc_type, issue_date=date(2025, 1, 15),
        environment="test", issuer={**ISSUER, **extra.pop("issuer", {})}, establishment="001",
        emission_point="002", sequential=sequential, buyer=BUYERS[buyer], lines=lines, tax_totals=taxes,
        totals={"subtotal": subtotal, "discount": sum((i.discount for i in lines), Decimal("0")),
                "tax": tax_total, "tip": Decimal(tip), "total": total},
        payments=payments or [], **extra)
