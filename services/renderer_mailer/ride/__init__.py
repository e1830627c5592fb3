"""The RIDE (representación impresa del documento electrónico): `render_pdf(Ride) -> bytes`.

A library for now (issue 10, step 1): the authorized document's snapshot plus its
authorization, rendered with jinja2 templates and WeasyPrint (SRI.md section 7).
"""
from services.renderer_mailer.ride.model import Ride
from services.renderer_mailer.ride.render import render_pdf

__all__ = ["Ride", "render_pdf"]
