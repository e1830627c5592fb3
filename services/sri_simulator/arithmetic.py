"""Arithmetic checks (error 52): line totals, tax bases and values, document totals.

Lines are rounded half-up to 2 decimals; every comparison allows 0.01. A header tax value
passes if it matches base x tarifa / 100 or the sum of its (rounded) line values. Only IVA
(codigo 2) values are recomputed from the rate: ICE and IRBPNR may be specific amounts.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable

from lxml import etree

CENT = Decimal("0.01")
TOLERANCE = Decimal("0.01")
IVA = "2"
Element = etree._Element


def dec(el: Element | None, path: str) -> Decimal:
    text = el.findtext(path) if el is not None else None
    return Decimal(text.strip()) if text and text.strip() else Decimal(0)


def r2(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass
class TaxSum:
    base: Decimal = Decimal(0)
    valor: Decimal = Decimal(0)
    tarifa: Decimal | None = None


class Diffs(list):
    def expect(self, what: str, declared: Decimal, expected: Decimal) -> None:
        if abs(declared - expected) > TOLERANCE:
            self.append(f"{what}: declarado {declared}, calculado {r2(expected)}")


def tax_key(el: Element) -> tuple[str, str]:
    return (el.findtext("codigo") or "").strip(), (el.findtext("codigoPorcentaje") or "").strip()


def line_taxes(root: Element, diffs: Diffs) -> tuple[Decimal, dict[tuple[str, str], TaxSum]]:
    """Check each detail line; return the sum of line totals and the taxes per rate."""
    subtotal, sums = Decimal(0), {}
    for i, det in enumerate(root.iterfind("detalles/detalle"), 1):
        line = dec(det, "precioTotalSinImpuesto")
        expected = r2(dec(det, "cantidad") * dec(det, "precioUnitario") - dec(det, "descuento"))
        diffs.expect(f"detalle {i} precioTotalSinImpuesto", line, expected)
        subtotal += line
        for imp in det.iterfind("impuestos/impuesto"):
            key, tarifa = tax_key(imp), dec(imp, "tarifa")
            if key[0] == IVA:
                diffs.expect(f"detalle {i} impuesto {'/'.join(key)} valor", dec(imp, "valor"),
                             dec(imp, "baseImponible") * tarifa / 100)
            acc = sums.setdefault(key, TaxSum(tarifa=tarifa))
            acc.base += dec(imp, "baseImponible")
            acc.valor += dec(imp, "valor")
    return subtotal, sums


def header_taxes(totals: Iterable[Element], lines: dict[tuple[str, str], TaxSum] | None,
                 diffs: Diffs) -> Decimal:
    """Check each header tax against its lines and rate; return the sum of their values."""
    total, seen = Decimal(0), set()
    for ti in totals:
        key, base, valor = tax_key(ti), dec(ti, "baseImponible"), dec(ti, "valor")
        seen.add(key)
        line = (lines or {}).get(key)
        if lines is not None:
            diffs.expect(f"baseImponible {'/'.join(key)}", base, line.base if line else Decimal(0))
        tarifa = dec(ti, "tarifa") if ti.findtext("tarifa") else (line.tarifa if line else None)
        matches_lines = line is not None and abs(valor - line.valor) <= TOLERANCE
        if key[0] == IVA and tarifa is not None and not matches_lines:
            diffs.expect(f"valor impuesto {'/'.join(key)}", valor, base * tarifa / 100)
        elif key[0] != IVA and line is not None:
            diffs.expect(f"valor impuesto {'/'.join(key)}", valor, line.valor)
        total += valor - dec(ti, "valorDevolucionIva")
    for key in set(lines or {}) - seen:
        diffs.append(f"impuesto {'/'.join(key)} de los detalles no consta en los totales")
    return total


def with_lines(info_tag: str, total_tag: str, extra: str | None = None):
    """The check of a document with detail lines (factura: + propina; nota de crédito)."""
    def check(root: Element, diffs: Diffs) -> None:
        info = root.find(info_tag)
        subtotal, lines = line_taxes(root, diffs)
        tsi = dec(info, "totalSinImpuestos")
        diffs.expect("totalSinImpuestos", tsi, subtotal)
        taxes = header_taxes(info.iterfind("totalConImpuestos/totalImpuesto"), lines, diffs)
        expected = tsi + taxes + (dec(info, extra) if extra else Decimal(0))
        diffs.expect(total_tag, dec(info, total_tag), expected)
    return check


def check_nota_debito(root: Element, diffs: Diffs) -> None:
    info = root.find("infoNotaDebito")
    tsi = dec(info, "totalSinImpuestos")
    motivos = sum((dec(m, "valor") for m in root.iterfind("motivos/motivo")), Decimal(0))
    diffs.expect("totalSinImpuestos", tsi, motivos)
    taxes = header_taxes(info.iterfind("impuestos/impuesto"), None, diffs)
    diffs.expect("valorTotal", dec(info, "valorTotal"), tsi + taxes)


CHECKS = {"factura": with_lines("infoFactura", "importeTotal", "propina"),
          "notaCredito": with_lines("infoNotaCredito", "valorModificacion"),
          "notaDebito": check_nota_debito}


def arithmetic_errors(root: Element) -> list[str]:
    """The differences found (empty when the document adds up or its type is not checked)."""
    check = CHECKS.get(etree.QName(root).localname)
    diffs = Diffs()
    if check is None:
        return diffs
    try:
        check(root, diffs)
    except (InvalidOperation, AttributeError) as exc:
        diffs.append(f"valor numerico invalido: {exc}")
    return diffs
