"""The access key as a Code128 barcode (python-barcode, SVG), embedded in the HTML as a data URI."""
from __future__ import annotations

import base64
from functools import lru_cache

from barcode import Code128
from barcode.writer import SVGWriter

OPTIONS = {"write_text": False, "module_width": 0.2, "module_height": 12.0, "quiet_zone": 2.0, "compress": False}


@lru_cache(maxsize=256)
def access_key_svg(access_key: str) -> bytes:
    """The SVG document of `access_key` as Code128 (bars only; the digits are printed by the template)."""
    return Code128(access_key, writer=SVGWriter()).render(OPTIONS)


def data_uri(svg: bytes) -> str:
    """`data:image/svg+xml;base64,...`, for an <img> that WeasyPrint scales to the box."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
