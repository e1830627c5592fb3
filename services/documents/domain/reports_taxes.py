"""The IVA report's arithmetic (GET /reports/taxes): bases and IVA per rate, and the Formulario 104
lines they go to (pure, Decimal only).

The figures are the documents' own per-rate totals (documents.tax_totals: the base and IVA
of each IVA code, as written in the XML's totalConImpuestos), so they add up to the
documents' subtotals and IVA to the cent. Sales are invoices and debit notes; the credit
notes issued in the period are subtracted (valor neto = valor bruto - notas de crédito).

Formulario 104, "Resumen de ventas y otras operaciones del período que declara": each line
has a gross (valor bruto), a net (valor neto) and, where IVA applies, a tax (impuesto
generado) casillero. Every 0 % sale goes to 403/413 (no right to tax credit): whether a 0 %
sale gives that right (405/415) depends on the buyer and the goods, which no document says.
The platform sells no fixed assets and exports nothing through these documents (402, 404,
406, 407 and 408 stay empty).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping

from shared.sri.catalogues import IVA_EXEMPTION_CODES, IVA_RATE_CODES

ZERO = Decimal("0.00")
SALES_TYPES = ("invoice", "debit_note")
EXEMPTION_LABELS = {IVA_EXEMPTION_CODES["no_objeto"]: "No objeto de IVA",
                    IVA_EXEMPTION_CODES["exento"]: "Exento de IVA"}

Row = Mapping[str, Any]


@dataclass(frozen=True)
class FormLine:
    """A line of the form: its casilleros (gross, net, tax; tax None where no IVA is generated),
    its label on the form, and the IVA codes (codigoPorcentaje) it takes."""

    gross: str
    net: str
    tax: str | None
    label: str
    codes: frozenset[str]


_GENERAL = frozenset(IVA_RATE_CODES[Decimal(r)] for r in (12, 13, 14, 15))
FORM_LINES: tuple[FormLine, ...] = (
    FormLine("401", "411", "421", "Ventas locales (excluye activos fijos) gravadas tarifa diferente de cero",
             _GENERAL),
    FormLine("410", "420", "430", "Ventas locales (excluye activos fijos) gravadas tarifa diferente de cero "
                                  "(tarifa variable: turismo 8%)", frozenset({IVA_RATE_CODES[Decimal(8)]})),
    FormLine("425", "435", "445", "Ventas locales (excluye activos fijos) gravadas tarifa 5%",
             frozenset({IVA_RATE_CODES[Decimal(5)]})),
    FormLine("403", "413", None, "Ventas locales (excluye activos fijos) gravadas tarifa 0% que no dan derecho a "
                                 "crédito tributario", frozenset({IVA_RATE_CODES[Decimal(0)]})),
)
FORM_TOTAL = FormLine("409", "419", "429", "Total ventas y otras operaciones",
                      frozenset().union(*(line.codes for line in FORM_LINES)))
NOT_TAXED = FormLine("431", "441", None, "Transferencias no objeto o exentas de IVA",
                     frozenset(EXEMPTION_LABELS))
FORM_104 = (*FORM_LINES, FORM_TOTAL, NOT_TAXED)
NOTES = (
    "Valor bruto: facturas y notas de débito emitidas en el período; valor neto: el bruto menos las notas de "
    "crédito emitidas en el período.",
    "Las ventas con tarifa 0% se muestran en 403/413 (no dan derecho a crédito tributario); las que sí dan "
    "derecho a crédito tributario se declaran en 405/415.",
)
_ORDER = {code: i for i, line in enumerate(FORM_104) if line is not FORM_TOTAL for code in line.codes}


@dataclass(frozen=True)
class RateFigures:
    """One IVA code of the period: what sales and credit notes carry at it."""

    code: str
    rate: Decimal
    sales_documents: int = 0
    sales_base: Decimal = ZERO
    sales_tax: Decimal = ZERO
    credit_documents: int = 0
    credit_base: Decimal = ZERO
    credit_tax: Decimal = ZERO

    @property
    def net_base(self) -> Decimal:
        return self.sales_base - self.credit_base

    @property
    def net_tax(self) -> Decimal:
        return self.sales_tax - self.credit_tax

    @property
    def label(self) -> str:
        return EXEMPTION_LABELS.get(self.code) or f"IVA {self.rate.normalize():f}%"

    @property
    def form_line(self) -> FormLine | None:
        return next((line for line in FORM_104 if line is not FORM_TOTAL and self.code in line.codes), None)

    def plus(self, other: "RateFigures") -> "RateFigures":
        return RateFigures(self.code, self.rate, *(getattr(self, f) + getattr(other, f) for f in _SUMMED))


_SUMMED = ("sales_documents", "sales_base", "sales_tax", "credit_documents", "credit_base", "credit_tax")


def _figures(row: Row) -> RateFigures:
    code, rate = str(row["code"]), Decimal(row["rate"])
    docs, base, tax = row["documents"], Decimal(row["base"]), Decimal(row["tax"])
    if row["type"] in SALES_TYPES:
        return RateFigures(code, rate, sales_documents=docs, sales_base=base, sales_tax=tax)
    return RateFigures(code, rate, credit_documents=docs, credit_base=base, credit_tax=tax)


def rates(rows: Iterable[Row]) -> list[RateFigures]:
    """Rows of (code, rate, type, documents, base, tax) as one RateFigures per IVA code, in the
    order of the form's lines (then the higher rate first)."""
    out: dict[str, RateFigures] = {}
    for row in rows:
        figures = _figures(row)
        out[figures.code] = out[figures.code].plus(figures) if figures.code in out else figures
    return sorted(out.values(), key=lambda r: (_ORDER.get(r.code, len(FORM_104)), -r.rate, r.code))


def totals(found: Iterable[RateFigures]) -> RateFigures:
    total = RateFigures("", ZERO)
    for figures in found:
        total = total.plus(figures)
    return total


@dataclass(frozen=True)
class FormFigures:
    line: FormLine
    gross: Decimal
    net: Decimal
    tax: Decimal | None


def form_104(found: Iterable[RateFigures]) -> list[FormFigures]:
    """Every line of the sales summary, with zeros where the period had nothing."""
    found = list(found)
    out = []
    for line in FORM_104:
        mine = totals(r for r in found if r.code in line.codes)
        out.append(FormFigures(line, mine.sales_base, mine.net_base, None if line.tax is None else mine.net_tax))
    return out
