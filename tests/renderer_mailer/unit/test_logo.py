"""What a company logo may be: PNG, JPEG or a self-contained SVG, at most 1 MB (decided from the bytes)."""
from __future__ import annotations

import pytest

from services.renderer_mailer.domain.logo import JPEG, MAX_LOGO_BYTES, PNG, SVG, BadLogo, logo_kind, logo_path
from services.renderer_mailer.ride import render_pdf
from services.renderer_mailer.ride.context import logo_uri
from services.renderer_mailer.ride.render import render_html
from tests.renderer_mailer.rides import LOGO, ride_of
from tests.renderer_mailer.unit.test_ride import PNG as TINY_PNG, flat, needs_pdftotext, pages
from tests.sri_submitter.cases import CASES

pytestmark = pytest.mark.unit
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.mark.parametrize(("data", "kind"), [
    (TINY_PNG, PNG), (JPEG_HEAD, JPEG), (LOGO, SVG),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', SVG),
    (b'\xef\xbb\xbf  <svg><!-- no namespace --><use href="#a"/></svg>', SVG),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,AAAA"/></svg>', SVG),
])
def test_the_type_comes_from_the_bytes(data, kind):
    assert logo_kind(data) == kind


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "vacío"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_LOGO_BYTES, "1 MB"),
    (b"GIF89a\x01\x00\x01\x00", "PNG, JPEG o SVG"),
    (b"%PDF-1.7", "PNG, JPEG o SVG"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "XML válido"),
    (b"<?xml version='1.0'?><html><body/></html>", "raíz <svg>"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "scripts"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><s:script xmlns:s='http://www.w3.org/2000/svg'/></svg>", "scripts"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "scripts"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>", "scripts"),
    (b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'>"
     b"<image x:href='file:///etc/passwd'/></svg>", "externos"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><image href='https://example.com/a.png'/></svg>", "externos"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><rect style=\"fill: url('http://x/y')\"/></svg>", "externos"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(http://x/y.css);</style></svg>", "externos"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "DOCTYPE"),
])
def test_what_is_refused_and_why(data, reason):
    with pytest.raises(BadLogo) as refused:
        logo_kind(data)
    assert reason in str(refused.value)


def test_the_storage_path_has_the_type_extension():
    assert logo_path(7, PNG) == "companies/7/logo/logo.png"
    assert logo_path(7, JPEG) == "companies/7/logo/logo.jpg" and logo_path(7, SVG) == "companies/7/logo/logo.svg"


@pytest.mark.parametrize(("logo", "media"), [(TINY_PNG, "image/png"), (LOGO, "image/svg+xml"),
                                             (JPEG_HEAD, "image/jpeg")])
def test_the_ride_embeds_the_logo_as_a_data_uri(logo, media):
    ride = ride_of(CASES["ruc"](), logo=logo)
    assert logo_uri(logo).startswith(f"data:{media};base64,")
    assert f'<img src="data:{media};base64,' in render_html(ride)


@needs_pdftotext
def test_a_png_or_svg_logo_reaches_the_pdf():
    png = render_pdf(ride_of(CASES["ruc"](), logo=TINY_PNG))
    assert png.startswith(b"%PDF-") and b"/Image" in png
    svg_text = flat(pages(render_pdf(ride_of(CASES["ruc"](), logo=LOGO)))[0])
    assert "Demo S.A." in svg_text  # the SVG's own text, drawn as vectors with its font
    assert "Demo S.A." not in flat(pages(render_pdf(ride_of(CASES["ruc"]())))[0])


def test_the_renderer_fetches_nothing_outside_the_document(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(TINY_PNG)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           f'<image href="file://{secret}" width="10" height="10"/></svg>').encode()
    pdf = render_pdf(ride_of(CASES["ruc"](), logo=svg))  # a stored logo from before the checks
    assert b"/Image" not in pdf
