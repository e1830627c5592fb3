"""The PDF of a `renderer.render_and_mail` command's document, from plain data: what a render
process runs (process/render_pool.py). The RIDE of an SRI document, or the plain layout of a
sales order or quotation."""
from __future__ import annotations

from typing import Any

from services.renderer_mailer.domain.files import PLAIN_TYPES
from services.renderer_mailer.ride.model import Ride
from services.renderer_mailer.ride.plain import render_plain_pdf
from services.renderer_mailer.ride.render import render_pdf, warm_up
from shared.contracts.renderer import RenderAndMail

__all__ = ["render_command", "render_document", "warm_up"]


def render_document(cmd: RenderAndMail, logo: bytes | None) -> bytes:
    """The PDF of the command's document (blocking, CPU bound)."""
    if cmd.document_type in PLAIN_TYPES:
        return render_plain_pdf(cmd.plain, document_type=cmd.document_type, number=cmd.display_number,
                                issue_date=cmd.issue_date, logo=logo)
    auth = cmd.authorization
    return render_pdf(Ride(document=cmd.snapshot, access_key=auth.access_key,
                           authorization_number=auth.authorization_number, authorized_at=auth.authorized_at,
                           logo=logo))


def render_command(command: dict[str, Any], logo: bytes | None) -> bytes:
    """`render_document` of a command as stored (its JSON form, a dict)."""
    return render_document(RenderAndMail.model_validate(command), logo)
