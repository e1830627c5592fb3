"""Document totals by the SRI's rules, with Decimal only (pure, no I/O).

Per line: gross = quantity x unit_price; discount in money (a percent is turned
into an amount, rounded half-up to 2); base = gross - discount rounded half-up
to 2 (`precioTotalSinImpuesto`). Per IVA rate: tax = sum of the rounded line
bases of that rate x rate, rounded half-up to 2. Header totals are sums of the
rounded line values; total = subtotal + IVA + tip.

Line IVA values (SRI.md "Decision (IVA, lines vs header)"): per rate they add up exactly
to the header value; each is its own base x rate cut to the cent, and the remainder goes
a cent at a time to the lines with the largest cut-off fractions (the first line on a tie),
so every line stays within one cent of its base x rate. The submitter writes them as given.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from shared.sri import catalogues
from shared.sri.catalogues import IVA_EXEMPTION_CODES, IVA_RATE_CODES

CENT = Decimal("0.01")
ZERO = Decimal("0")
ZERO_MONEY = Decimal("0.00")
HUNDRED = Decimal("100")



class TotalsError(ValueError):
    """A line that cannot be priced; `field` is the path inside the line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def iva_code(rate: Decimal, kind: str | None = None) -> str:
    """SRI codigoPorcentaje of an IVA rate (shared.sri, FT Tabla 17); TotalsError if the SRI does not know it.
    `kind` "no_objeto" / "exento" needs a 0 rate; another kind is ignored."""
    if kind in IVA_EXEMPTION_CODES:
        if rate != ZERO:
            raise TotalsError("tax_rate", f"La tarifa de IVA de un ítem {kind.replace('_', ' ')} debe ser 0.")
        return IVA_EXEMPTION_CODES[kind]
    code = catalogues.iva_code(rate if rate else ZERO)
    if code is None:
        known = ", ".join(str(r) for r in sorted(IVA_RATE_CODES))
        raise TotalsError("tax_rate", f"La tarifa de IVA {rate} no es válida para el SRI. Tarifas: {known}.")
    return code


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    discount_mode: str | None = None  # "percent" | "amount" | None
    discount_value: Decimal = ZERO
    tax_kind: str | None = None       # None | "no_objeto" | "exento"


@dataclass(frozen=True)
class LineTotals:
    gross: Decimal
    discount: Decimal
    base: Decimal
    tax_code: str
    tax_rate: Decimal
    tax: Decimal


@dataclass(frozen=True)
class RateTotals:
    code: str
    rate: Decimal
    base: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineTotals, ...]
    by_rate: tuple[RateTotals, ...]
    subtotal: Decimal
    discount: Decimal
    tax: Decimal
    tip: Decimal
    total: Decimal


def line_discount(gross: Decimal, mode: str | None, value: Decimal) -> Decimal:
    if value < ZERO:
        raise TotalsError("discount_value", "El descuento no puede ser negativo.")
    if mode in (None, "") or value == ZERO:
        return ZERO_MONEY
    if mode == "percent":
        if value > HUNDRED:
            raise TotalsError("discount_value", "El porcentaje de descuento no puede superar 100.")
        return money(gross * value / HUNDRED)
    if mode == "amount":
        if money(value) > money(gross):
            raise TotalsError("discount_value", "El descuento no puede ser mayor que el valor de la línea.")
        return money(value)
    raise TotalsError("discount_mode", "El modo de descuento debe ser percent o amount.")


def price_line(line: LineInput) -> LineTotals:
    if line.quantity <= ZERO:
        raise TotalsError("quantity", "La cantidad debe ser mayor que 0.")
    if line.unit_price < ZERO:
        raise TotalsError("unit_price", "El precio unitario no puede ser negativo.")
    code = iva_code(line.tax_rate, line.tax_kind)
    gross = line.quantity * line.unit_price
    discount = line_discount(gross, line.discount_mode, line.discount_value)
    base = money(gross - discount)
    return LineTotals(gross=gross, discount=discount, base=base, tax_code=code, tax_rate=line.tax_rate,
                      tax=money(base * line.tax_rate / HUNDRED))


def split_tax(bases: list[Decimal], rate: Decimal) -> tuple[Decimal, list[Decimal]]:
    """(header IVA of one rate, each line's IVA): the header is round(sum of bases x rate); the lines
    add up to it exactly, each within one cent of its base x rate (the remainder, a cent at a time, to
    the largest fractions). 20 lines of 0.03 at 15 %: header 0.09, nine lines of 0.01."""
    exact = [base * rate / HUNDRED for base in bases]
    shares = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    header = money(sum(bases, ZERO) * rate / HUNDRED)
    cents = int((header - sum(shares, ZERO)) / CENT)
    by_fraction = sorted(range(len(bases)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_fraction[:cents]:
        shares[i] += CENT
    return header, [share.quantize(CENT) for share in shares]


def compute_totals(lines: list[LineInput], tip: Decimal = ZERO) -> Totals:
    """Totals of a document; raises TotalsError with `index` set on the failing line."""
    priced = []
    for i, line in enumerate(lines):
        try:
            priced.append(price_line(line))
        except TotalsError as exc:
            raise TotalsError(f"items.{i}.{exc.field}", str(exc)) from None
    groups: dict[tuple[str, Decimal], list[int]] = {}
    for i, p in enumerate(priced):
        groups.setdefault((p.tax_code, p.tax_rate), []).append(i)
    by_rate = []
    for (code, rate), members in sorted(groups.items(), key=lambda kv: int(kv[0][0])):
        header, shares = split_tax([priced[i].base for i in members], rate)
        by_rate.append(RateTotals(code, rate, sum((priced[i].base for i in members), ZERO_MONEY), header))
        for i, share in zip(members, shares):
            priced[i] = replace(priced[i], tax=share)
    subtotal = sum((p.base for p in priced), ZERO_MONEY)
    tax = sum((r.tax for r in by_rate), ZERO_MONEY)
    if tip < ZERO or tip > money(subtotal * Decimal("0.10")):
        raise TotalsError("tip", "La propina no puede superar el 10% del subtotal.")
    return Totals(lines=tuple(priced), by_rate=tuple(by_rate), subtotal=subtotal,
                  discount=sum((p.discount for p in priced), ZERO_MONEY), tax=tax, tip=money(tip),
                  total=subtotal + tax + money(tip))
