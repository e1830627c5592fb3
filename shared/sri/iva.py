"""The IVA rates Ecuadorian law allows on a given issue date: ONE table, each row with its legal basis.

A rate is allowed on an issue date when the date is inside the row's validity (both ends
inclusive, None = open). Rows marked `by_decree` exist only while an executive decree
applies them (tourism on national holidays, the transitional 13 %); the platform cannot
know the decrees, so a company enables them in its settings (`enabled_iva_rates`).
`exento` and `no objeto` are 0 % kinds (FT Tabla 17 codes 7 and 6): allowed with the 0 % row.
Codes (codigoPorcentaje) stay in `shared.sri.catalogues.IVA_RATE_CODES`.

API:
    IVA_RATES: tuple[IvaRate, ...]
    OPTIONAL_IVA_RATES: tuple[Decimal, ...]        rates a company may enable (8, 13)
    allowed_rates(on, enabled=()) -> list[Decimal]  sorted
    rate_error(rate, on, enabled=()) -> str | None  Spanish reason, None when allowed
    general_rate(on) -> Decimal                     the general rate in force (12, 14 or 15)

Example:
    >>> allowed_rates(date(2024, 4, 1)), allowed_rates(date(2024, 3, 31), [8])
    ([Decimal('0'), Decimal('5'), Decimal('15')], [Decimal('0'), Decimal('8'), Decimal('12')])
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterable

__all__ = ["IVA_RATES", "OPTIONAL_IVA_RATES", "IvaRate", "allowed_rates", "general_rate", "rate_error"]


@dataclass(frozen=True)
class IvaRate:
    rate: Decimal
    valid_from: date | None = None  # inclusive
    valid_to: date | None = None    # inclusive
    general: bool = False           # the general rate while in force
    by_decree: bool = False         # only when the company enables it

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or on >= self.valid_from) and (self.valid_to is None or on <= self.valid_to)


IVA_RATES: tuple[IvaRate, ...] = (
    # 0 %: LRTI art. 55 (goods) and art. 56 (services) list what is taxed at 0 %; also the
    # rate of the `exento` and `no objeto` kinds (FT Tabla 17 codes 7 and 6). Always in force.
    IvaRate(Decimal(0)),
    # 12 %: the general rate of LRTI art. 65 (R.O. Suplemento 463, 2004-11-17) until the 15 %
    # took over. During the 14 % year it stayed the rate of sales in Manabí and Esmeraldas
    # (Ley Orgánica de Solidaridad, Disposición Transitoria Primera), so it has no gap.
    IvaRate(Decimal(12), valid_to=date(2024, 3, 31), general=True),
    # 14 %: Ley Orgánica de Solidaridad y de Corresponsabilidad Ciudadana por las Afectaciones del
    # Terremoto (R.O. Suplemento 759, 2016-05-20), Disposición Transitoria Primera: one year, from
    # 2016-06-01 to 2017-05-31.
    IvaRate(Decimal(14), valid_from=date(2016, 6, 1), valid_to=date(2017, 5, 31), general=True),
    # 15 %: Ley Orgánica para Enfrentar el Conflicto Armado Interno, la Crisis Social y Económica
    # (R.O. Suplemento 516, 2024-03-12) reformed LRTI art. 65; Decreto Ejecutivo 198 set it at 15 %
    # from 2024-04-01.
    IvaRate(Decimal(15), valid_from=date(2024, 4, 1), general=True),
    # 5 %: the same law (LRTI art. 65): the reduced rate of the construction materials the SRI lists
    # (varilla, cemento, bloques, ladrillos...), from 2024-04-01.
    IvaRate(Decimal(5), valid_from=date(2024, 4, 1)),
    # 8 %: Ley Orgánica de Eficiencia Económica y Generación de Empleo (R.O. Suplemento 461,
    # 2023-12-20), LRTI art. 65: tourism services on the national holidays an executive decree names.
    IvaRate(Decimal(8), valid_from=date(2023, 12, 20), by_decree=True),
    # 13 %: Ley Orgánica para Enfrentar el Conflicto Armado Interno: the President may set the
    # general rate between 13 % and 15 % by executive decree (transitional reductions).
    IvaRate(Decimal(13), valid_from=date(2024, 4, 1), by_decree=True),
)
OPTIONAL_IVA_RATES: tuple[Decimal, ...] = tuple(r.rate for r in IVA_RATES if r.by_decree)


def _enabled(enabled: Iterable[Decimal | int | str] | None) -> set[Decimal]:
    return {Decimal(str(r)) for r in enabled or ()}


def allowed_rates(on: date, enabled: Iterable[Decimal | int | str] | None = ()) -> list[Decimal]:
    """The rates allowed on `on`; the decree rows only when in `enabled`."""
    chosen = _enabled(enabled)
    return sorted(r.rate for r in IVA_RATES if r.in_force(on) and (not r.by_decree or r.rate in chosen))


def rate_error(rate: Decimal, on: date, enabled: Iterable[Decimal | int | str] | None = ()) -> str | None:
    """None when `rate` (percent, compared by value) is allowed on `on`; else the reason in Spanish."""
    allowed = allowed_rates(on, enabled)
    if rate in allowed:
        return None
    listed = ", ".join(f"{r}%" for r in allowed)
    when = on.strftime("%d/%m/%Y")
    if any(r.rate == rate and r.by_decree and r.in_force(on) for r in IVA_RATES):
        return (f"La tarifa de IVA {rate.normalize():f}% solo se aplica por decreto; habilítela en la "
                f"configuración de la empresa. Tarifas vigentes al {when}: {listed}.")
    return f"La tarifa de IVA {rate.normalize():f}% no está vigente al {when}. Tarifas vigentes: {listed}."


def general_rate(on: date) -> Decimal:
    """The general rate in force on `on` (the 14 % year takes precedence over the 12 %)."""
    rows = [r for r in IVA_RATES if r.general and r.in_force(on)]
    return max(r.rate for r in rows)
