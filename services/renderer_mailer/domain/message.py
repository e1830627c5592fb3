"""The mail of a document: headers, the Spanish subject and bodies (text and HTML, from the
jinja2 templates in `mail/`) and the attachments (authorized XML and RIDE PDF). Pure."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.renderer_mailer.ride.amounts import money
from shared.contracts.renderer import RenderAndMail

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "mail"
LABELS = {"invoice": ("Factura electrónica", "la"), "credit_note": ("Nota de crédito electrónica", "la"),
          "debit_note": ("Nota de débito electrónica", "la"), "sales_order": ("Pedido de venta", "el"),
          "quotation": ("Cotización", "la")}
SRI_ATTACHED = ("Se adjuntan el comprobante electrónico autorizado (XML) y su representación impresa "
                "(RIDE, PDF).")
PLAIN_ATTACHED = "Se adjunta el documento en formato PDF."


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    content_type: str  # application/pdf, application/xml

    def add_to(self, message: EmailMessage) -> None:
        maintype, subtype = self.content_type.split("/", 1)
        message.add_attachment(self.content, maintype=maintype, subtype=subtype, filename=self.file_name)


@dataclass(frozen=True)
class Addressing:
    """Who sends to whom, under which Message-ID (fixed per delivery, the same on every retry)."""

    mail_from: str
    recipients: Sequence[str]
    message_id: str
    reply_to: str | None = None


class _Headers(HeaderRegistry):
    """The standard header classes, each made once: HeaderRegistry makes a new class on every
    header set (a fifth of the CPU of building a mail); the headers themselves are the same."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if (made := self._classes.get(key)) is None:
            made = self._classes[key] = super().__getitem__(name)
        return made


POLICY = policy.default.clone(header_factory=_Headers())


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html.j2"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                       auto_reload=False)  # the templates ship with the code: no stat() per mail


def new_message_id(company_id: int, document_id: int, mail_from: str) -> str:
    """A fresh `<random.c{company}.d{document}@domain-of-MAIL_FROM>`, made once when the delivery is
    recorded; short, so the header is not folded."""
    domain = mail_from.rpartition("@")[2] or "localhost"
    return f"<{secrets.token_hex(8)}.c{company_id}.d{document_id}@{domain}>"


def issuer_name(cmd: RenderAndMail) -> str:
    issuer = (cmd.snapshot or cmd.plain).issuer
    return issuer.trade_name or issuer.legal_name


def context(cmd: RenderAndMail) -> dict[str, Any]:
    """What the templates print."""
    doc = cmd.snapshot or cmd.plain
    label, article = LABELS[cmd.document_type]
    final_consumer = doc.buyer.identification_type == "consumidor_final" or not doc.buyer.name.strip()
    auth = cmd.authorization if cmd.snapshot is not None else None
    valid_until = getattr(doc, "valid_until", None)
    return {"label": label, "label_lower": label[0].lower() + label[1:], "article": article,
            "number": cmd.display_number, "issue_date": f"{cmd.issue_date:%d/%m/%Y}", "total": money(doc.totals.total),
            "issuer": issuer_name(cmd), "ruc": doc.issuer.ruc,
            "greeting": "Estimado(a) cliente:" if final_consumer else f"Estimado(a) {doc.buyer.name}:",
            "access_key": auth.access_key if auth else None,
            "authorization_number": auth.authorization_number if auth else None,
            "valid_until": f"{valid_until:%d/%m/%Y}" if valid_until else None,
            "attached": SRI_ATTACHED if auth else PLAIN_ATTACHED}


def build(cmd: RenderAndMail, addressing: Addressing, attachments: Sequence[Attachment]) -> EmailMessage:
    """The complete message: From carries the issuer's name, the bodies are text and HTML."""
    env, values = environment(), context(cmd)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = " ".join(env.get_template("subject.txt.j2").render(values).split())
    message["From"] = Address(display_name=values["issuer"], addr_spec=addressing.mail_from)
    message["To"] = ", ".join(addressing.recipients)
    if addressing.reply_to:
        message["Reply-To"] = addressing.reply_to
    message["Message-ID"] = addressing.message_id
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message.set_content(env.get_template("body.txt.j2").render(values))
    message.add_alternative(env.get_template("body.html.j2").render(values), subtype="html")
    for attachment in attachments:
        attachment.add_to(message)
    return message
