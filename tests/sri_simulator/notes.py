"""Minimal valid nota de crédito 1.1.0 and nota de débito 1.0.0 (for the arithmetic checks)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from tests.sri_simulator.docs import Doc, Line, add, add_all, detalles, money, taxes_per_rate

BUYER = [("tipoIdentificacionComprador", "05"), ("razonSocialComprador", "JUAN PEREZ"),
         ("identificacionComprador", "1710034065")]


def sustento(doc: Doc) -> list[tuple[str, object]]:
    return [("codDocModificado", "01"), ("numDocModificado", "001-002-000000001"),
            ("fechaEmisionDocSustento", f"{doc.fecha:%d/%m/%Y}")]


@dataclass
class NotaCredito(Doc):
    lines: list[Line] = field(default_factory=lambda: [Line("1", "10.00"), Line("2", "2.50", "0.25")])
    total_delta: Decimal = Decimal(0)
    cod_doc = "04"

    def build(self) -> etree._Element:
        root = etree.Element("notaCredito", id="comprobante", version="1.1.0")
        self.info_tributaria(root)
        tsi = sum((line.base for line in self.lines), Decimal(0))
        taxes = taxes_per_rate(self.lines)
        total = tsi + sum((v for _, v, _ in taxes.values()), Decimal(0)) + self.total_delta
        info = add_all(add(root, "infoNotaCredito"), [
            ("fechaEmision", f"{self.fecha:%d/%m/%Y}"), *BUYER, *sustento(self),
            ("totalSinImpuestos", money(tsi)), ("valorModificacion", money(total)), ("moneda", "DOLAR")])
        box = add(info, "totalConImpuestos")
        for code, (base, valor, _) in taxes.items():
            add_all(add(box, "totalImpuesto"), [("codigo", "2"), ("codigoPorcentaje", code),
                                                 ("baseImponible", money(base)), ("valor", money(valor))])
        add(info, "motivo", "Devolucion de mercaderia")
        detalles(root, self.lines, "codigoInterno")
        self.info_adicional(root)
        return root


@dataclass
class NotaDebito(Doc):
    motivos: list[str] = field(default_factory=lambda: ["10.00", "5.25"])
    total_delta: Decimal = Decimal(0)
    cod_doc = "05"

    def build(self) -> etree._Element:
        root = etree.Element("notaDebito", id="comprobante", version="1.0.0")
        self.info_tributaria(root)
        tsi = sum((Decimal(m) for m in self.motivos), Decimal(0))
        iva = Line("1", str(tsi)).iva
        info = add_all(add(root, "infoNotaDebito"), [
            ("fechaEmision", f"{self.fecha:%d/%m/%Y}"), *BUYER, *sustento(self), ("totalSinImpuestos", money(tsi))])
        add_all(add(add(info, "impuestos"), "impuesto"), [
            ("codigo", "2"), ("codigoPorcentaje", "4"), ("tarifa", "15"), ("baseImponible", money(tsi)),
            ("valor", money(iva))])
        add(info, "valorTotal", money(tsi + iva + self.total_delta))
        box = add(root, "motivos")
        for i, valor in enumerate(self.motivos, 1):
            add_all(add(box, "motivo"), [("razon", f"Interes por mora {i}"), ("valor", valor)])
        self.info_adicional(root)
        return root
