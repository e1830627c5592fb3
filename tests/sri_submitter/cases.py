"""The table of documents every XML and signature test runs over."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from shared.contracts.sri import SriModifiedDocument, SriNameValue, SriPayment, SriTax, SubmitDocument
from tests.sri_submitter.snapshots import line, snapshot

INFO = [SriNameValue(name="Email", value="cliente@example.com"),
        SriNameValue(name="Dirección", value="Av. Siempre Viva 742"),
        SriNameValue(name="Referencia", value="Pedido #A-17 “urgente” – entrega 🚚")]
MODIFIED = SriModifiedDocument(number="001-002-000000100", issue_date=date(2025, 1, 10))


def _debit_note() -> SubmitDocument:
    reasons = [{"reason": "Intereses por mora", "amount": Decimal("10.00")},
               {"reason": "Gastos de cobranza", "amount": Decimal("5.50")}]
    taxes = [SriTax(rate=Decimal("15"), base=Decimal("15.50"), amount=Decimal("2.33"))]
    return snapshot([], buyer="ruc", doc_type="debit_note", modified_document=MODIFIED,
                    debit_reasons=reasons, tax_totals=taxes, subtotal=Decimal("15.50"),
                    payments=[SriPayment(method="20", amount=Decimal("17.83"))])


CASES = {
    "consumidor_final": lambda: snapshot([line("Lápiz HB", "2", "0.50")], buyer="consumidor_final"),
    "cedula": lambda: snapshot([line("Cuaderno\n100 hojas", "3", "2.10")], buyer="cedula", additional_info=INFO),
    "ruc": lambda: snapshot([line("Servicio de consultoría", "1", "1500", code="SERV-001", aux_code="AUX-9",
                                  unit_of_measure="hora")], buyer="ruc",
                            issuer={"contribuyente_especial": "5368", "agente_retencion": "1",
                                    "rimpe_legend": "CONTRIBUYENTE RÉGIMEN RIMPE"}),
    "pasaporte": lambda: snapshot([line("Tour Galápagos", "1", "80", rate="8")], buyer="pasaporte"),
    "exterior": lambda: snapshot([line("Export item", "5", "10", rate="0")], buyer="exterior"),
    "mixed_iva": lambda: snapshot([line("Leche", "2", "1.10", rate="0"), line("Cemento", "10", "8.25", rate="5"),
                                   line("Televisor", "1", "499.99"), line("Radio", "1", "20.00"),
                                   line("Libro", "1", "12", rate="0", exemption="exento"),
                                   line("Donación", "1", "5", rate="0", exemption="no_objeto")], buyer="ruc"),
    "discounts": lambda: snapshot([line("Silla", "4", "25.00", discount="10.00"),
                                   line("Mesa", "1", "120", discount="12.35")], buyer="cedula", tip="3.00"),
    "six_decimals": lambda: snapshot([line("Tornillo", "1000", "0.012345"),
                                      line("Combustible galones", "12.345678", "2.554321")], buyer="ruc"),
    "several_payments": lambda: snapshot(
        [line("Laptop", "1", "900")], buyer="ruc",
        payments=[SriPayment(method="01", amount=Decimal("35.00")),
                  SriPayment(method="19", amount=Decimal("500.00"), term_days=30),
                  SriPayment(method="20", amount=Decimal("500.00"), term_days=0)]),
    "credit_note": lambda: snapshot([line("Devolución cuaderno", "1", "2.10", code="P-1",
                                          additional_details=[SriNameValue(name="Lote", value="L-1")])],
                                    buyer="cedula", doc_type="credit_note", modified_document=MODIFIED,
                                    reason="Devolución de mercadería defectuosa", additional_info=INFO[:1]),
    "debit_note": _debit_note,
}
