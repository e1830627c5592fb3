"""Value formats of the SRI XML: cleaned text, decimals and dates.

Text cleaning (decided here, applied to every free-text value):
- NFC-normalized; every run of whitespace (newlines, tabs, no-break spaces) becomes
  one space and the ends are trimmed: the XSD patterns are `[^\\n]*` and the FT warns
  against stray whitespace.
- Kept: printable ASCII and the Spanish letters and signs `ÁÉÍÓÚÜÑáéíóúüñ¿¡ºª°`. The
  XSDs accept any character except a newline (the RIMPE legend itself requires `É`),
  so Spanish names stay as written instead of being stripped of accents as OCA does.
- Typographic quotes and dashes become their ASCII forms; other accented letters lose
  the accent (`ç` -> `c`, `à` -> `a`); anything else (control characters, emoji,
  symbols outside that set) is dropped, so the signed bytes hold no character the
  SRI's Java validator could treat as "strange".
- Cut to the field's maximum length. `&`, `<`, `>` are escaped by lxml.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

SPANISH = set("ÁÉÍÓÚÜÑáéíóúüñ¿¡ºª°")
REPLACEMENTS = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                "‚": "'", "–": "-", "—": "-", "‐": "-", "−": "-", "…": "...", "€": "EUR"}
_SPACES = re.compile(r"\s+")
CENT = Decimal("0.01")
MICRO = Decimal("0.000001")


def _keep(char: str) -> str:
    if " " <= char <= "~" or char in SPANISH:
        return char
    if char in REPLACEMENTS:
        return REPLACEMENTS[char]
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if " " < base <= "~" and base.isalnum() else ""


def clean(value: str | None, max_length: int = 300) -> str:
    """The text as the SRI gets it (see the module docstring); may be empty."""
    if value is None:
        return ""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", str(value)))
    text = "".join(_keep(c) for c in text)
    return _SPACES.sub(" ", text).strip()[:max_length].strip()


def money(value: Decimal | int) -> str:
    """Exactly 2 decimals, half up: `Decimal("1.005")` -> "1.01"."""
    return f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def precise(value: Decimal | int) -> str:
    """Quantity or unit price: 2 to 6 decimals, half up at the 6th: 1.5 -> "1.50"."""
    exact = Decimal(value).quantize(MICRO, rounding=ROUND_HALF_UP)
    whole, _, decimals = f"{exact:f}".partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"


def sri_date(value: date) -> str:
    """`dd/mm/yyyy`, the only date format of the schemas."""
    return value.strftime("%d/%m/%Y")
