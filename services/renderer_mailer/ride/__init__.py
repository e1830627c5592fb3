"""The RIDE (representación impresa del documento electrónico): `render_pdf(Ride) -> bytes`.

The authorized document's snapshot plus its authorization, rendered with jinja2 templates
and WeasyPrint (SRI.md section 7); sales orders and quotations in a plain layout without
anything of the SRI: `render_plain_pdf(PlainDocument, document_type=, number=, issue_date=, logo=)`.

The names are imported on first use: the service's own process imports `ride.amounts` (money
strings for the mail) without loading WeasyPrint, which only its render processes need
(process/render_pool.py).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.renderer_mailer.ride.model import Ride
    from services.renderer_mailer.ride.plain import render_plain_pdf
    from services.renderer_mailer.ride.render import render_pdf

__all__ = ["Ride", "render_pdf", "render_plain_pdf"]
_MODULES = {"Ride": "model", "render_pdf": "render", "render_plain_pdf": "plain"}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_MODULES[name]}"), name)
