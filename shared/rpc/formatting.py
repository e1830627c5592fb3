"""Value formats of the public API (API.md, Conventions): no business rules here.

List/detail responses carry decimals as strings: prices and totals with 4
decimals ("12.5000"), quantities with 3 ("2.000"), tax rates with 4 ("15.0000").
A value stored with more precision (SRI allows 6-decimal prices and quantities)
keeps its extra significant digits instead of being rounded away. Create responses
carry money as JSON numbers rounded to 2 decimals (json_number).
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

from shared.sri.timezone import ECUADOR


def decimal_str(value: Decimal | int | str | None, places: int, max_places: int = 6) -> str | None:
    """`12.5` -> "12.5000" (places=4); `1.234567` -> "1.234567"; None stays None."""
    if value is None:
        return None
    d = Decimal(value)
    exponent = d.normalize().as_tuple().exponent
    extra = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = min(max(places, extra), max_places)
    return f"{d:.{shown}f}"


def money(value: Decimal | int | str | None) -> str | None:
    """Prices and totals: at least 4 decimals."""
    return decimal_str(value, 4)


def quantity(value: Decimal | int | str | None) -> str | None:
    """Quantities: at least 3 decimals."""
    return decimal_str(value, 3)


def rate(value: Decimal | int | str | None) -> str | None:
    """Tax rates (percent): 4 decimals."""
    return decimal_str(value, 4)


def json_number(value: Decimal | int | str | None) -> int | float | None:
    """Create responses: a money value as the JSON number published (`"total": 34.79`), rounded half-up
    to the cent first; a float's shortest repr of a 2-decimal value prints exactly those digits."""
    if value is None:
        return None
    cents = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(cents) if cents == cents.to_integral_value() else float(cents)


def timestamp(value: datetime | None, tz: timezone = ECUADOR) -> str | None:
    """ISO 8601 with the company's offset, seconds precision: 2026-02-22T10:10:22-05:00."""
    if value is None:
        return None
    return value.astimezone(tz).isoformat(timespec="seconds")
