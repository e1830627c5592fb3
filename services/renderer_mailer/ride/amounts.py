"""Money and quantities as the RIDE and the mail print them. Pure."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    """`1234.5` -> `1,234.50`: 2 decimals, half up, thousands separated (as SRI's own RIDEs)."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def amount(value: Decimal) -> str:
    """A quantity or unit price: up to 6 decimals, at least 2."""
    text = f"{value:.6f}".rstrip("0")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}.{frac.ljust(2, '0')}"
