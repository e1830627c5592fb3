"""The access key as a Code128 barcode (python-barcode encodes it), embedded as an SVG data URI.

The SVG is one path of bars in module units, stretched to the box the template gives it
(`preserveAspectRatio="none"`: every module keeps the same width): drawing one path is much
cheaper for WeasyPrint than python-barcode's own SVG, a rectangle per bar.
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache

from barcode import Code128

QUIET_MODULES = 10  # the quiet zone Code128 needs on each side
HEIGHT = 40  # in modules; the template sets the printed height
_BAR = re.compile("1+")


def modules(access_key: str) -> str:
    """The barcode as modules: `1` a bar, `0` a space (start, data in code set C, checksum, stop)."""
    return Code128(access_key).build()[0]


@lru_cache(maxsize=256)
def access_key_svg(access_key: str) -> bytes:
    """The SVG document of `access_key` as Code128 (bars only; the digits are printed by the template)."""
    code = modules(access_key)
    bars = "".join(f"M{QUIET_MODULES + m.start()} 0h{len(m.group())}v{HEIGHT}h-{len(m.group())}z"
                   for m in _BAR.finditer(code))
    width = len(code) + 2 * QUIET_MODULES
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none">'
            f'<path d="{bars}" fill="#000"/></svg>').encode()


def data_uri(svg: bytes) -> str:
    """`data:image/svg+xml;base64,...`, for an <img> that WeasyPrint scales to the box."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
