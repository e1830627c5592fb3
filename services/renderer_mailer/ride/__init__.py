"""The RIDE (representación impresa del documento electrónico): `render_pdf(Ride) -> bytes`.

The authorized document's snapshot plus its authorization, rendered with jinja2 templates
and WeasyPrint (SRI.md section 7); sales orders and quotations in a plain layout without
anything of the SRI: `render_plain_pdf(PlainDocument, document_type=, number=, issue_date=, logo=)`.
"""
from services.renderer_mailer.ride.model import Ride
from services.renderer_mailer.ride.plain import render_plain_pdf
from services.renderer_mailer.ride.render import render_pdf

__all__ = ["Ride", "render_pdf", "render_plain_pdf"]
