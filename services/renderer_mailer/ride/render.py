"""`render_pdf(ride) -> bytes`: the RIDE through jinja2 (HTML) and WeasyPrint (PDF)."""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from services.renderer_mailer.ride.amounts import amount, money
from services.renderer_mailer.ride.context import TEMPLATES, context
from services.renderer_mailer.ride.model import Ride

TEMPLATE_DIR = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # the templates ship with the code: no stat() per render
    env.filters.update(money=money, amount=amount)
    return env


@lru_cache(maxsize=1)
def stylesheet() -> CSS:
    return CSS(filename=str(TEMPLATE_DIR / "ride.css"))


def render_html(ride: Ride) -> str:
    """The RIDE as HTML (the template of its document type)."""
    return environment().get_template(TEMPLATES[ride.document.document_type]).render(context(ride))


def fetcher() -> URLFetcher:
    """Only `data:` URLs (the barcode, the logo): nothing a logo's SVG names is read from disk or network."""
    return URLFetcher(allowed_protocols=("data",))


_thread = threading.local()


def font_config() -> FontConfiguration:
    """This thread's font configuration, kept from one render to the next: the fonts are found and
    loaded once per thread instead of once per document (a third of a one-page RIDE's time). One per
    thread because Pango's font map must not be used by two threads at once."""
    if (config := getattr(_thread, "font_config", None)) is None:
        config = _thread.font_config = FontConfiguration()
    return config


def write_pdf(html: str) -> bytes:
    """A document of ours (templates and ride.css) as PDF."""
    return HTML(string=html, base_url=str(TEMPLATE_DIR), url_fetcher=fetcher()).write_pdf(
        stylesheets=[stylesheet()], font_config=font_config())


def render_pdf(ride: Ride) -> bytes:
    """The RIDE as a PDF document."""
    return write_pdf(render_html(ride))


def warm_up() -> None:
    """Load once what every render uses: the compiled templates, ride.css and this thread's fonts
    (a page in the RIDE's font), so the first document costs what the next ones do."""
    for name in TEMPLATE_DIR.glob("*.j2"):
        environment().get_template(name.name)
    write_pdf('<html><body><h1>RIDE</h1><p>ÁÉÍÓÚÑ <b>1.00</b></p><p class="digits">0123456789</p>'
              "<table><tr><td>1.00</td></tr></table></body></html>")
