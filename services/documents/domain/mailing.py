"""Who a document is mailed to, and whether it may be (pure, no I/O).

A customer's `email` may hold several addresses separated by `,` or `;`: they are split,
trimmed, checked (the customer body's pattern), deduplicated ignoring case (the first
spelling kept) and capped at MAX_RECIPIENTS. The automatic mail after the SRI's
authorization goes only to an identified customer with an address, when the company's
`auto_email` is on; otherwise the document's mail is `skipped` with the reason.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from shared.contracts.documents.requests import EMAIL, MAX_RECIPIENTS
from shared.contracts.rpc import Conflict, Unprocessable

_EMAIL = re.compile(EMAIL)
_SEPARATORS = re.compile(r"[,;]")
MAX_ADDRESS = 254
# why the automatic mail is skipped (the timeline's `mail_skipped` and sri_response.mail.reason)
NOT_AUTOMATIC = "los pedidos y cotizaciones se envían solo a pedido"
AUTO_EMAIL_OFF = "envío automático desactivado"
FINAL_CONSUMER = "consumidor final"
NO_ADDRESS = "sin correo"
NO_RECIPIENTS = "El cliente no tiene un correo electrónico registrado; indique los destinatarios (recipients)."


def valid(address: str) -> bool:
    return len(address) <= MAX_ADDRESS and bool(_EMAIL.match(address))


def unique(addresses: Iterable[str]) -> list[str]:
    """Trimmed, valid, each once (ignoring case), at most MAX_RECIPIENTS."""
    seen: set[str] = set()
    kept: list[str] = []
    for address in (a.strip() for a in addresses):
        if valid(address) and address.lower() not in seen:
            seen.add(address.lower())
            kept.append(address)
    return kept[:MAX_RECIPIENTS]


def addresses(raw: str | None) -> list[str]:
    """`"a@x.ec; b@y.com, A@x.ec"` -> ["a@x.ec", "b@y.com"]; what is not an address is dropped."""
    return unique(_SEPARATORS.split(raw)) if raw else []


def customer_recipients(customer: Mapping[str, Any]) -> list[str]:
    """The addresses of a document's customer snapshot; none for consumidor final."""
    if customer.get("identification_type") == "consumidor_final":
        return []
    return addresses(customer.get("email"))


def skip_reason(kind_sri: bool, company_settings: Mapping[str, Any], customer: Mapping[str, Any]) -> str | None:
    """Why a document being recorded will not be mailed automatically; None: it will (`pending`)."""
    if not kind_sri:
        return NOT_AUTOMATIC
    if company_settings.get("auto_email") is False:
        return AUTO_EMAIL_OFF
    if customer.get("identification_type") == "consumidor_final":
        return FINAL_CONSUMER
    if not customer_recipients(customer):
        return NO_ADDRESS
    return None


def resend_recipients(customer: Mapping[str, Any], asked: list[str] | None) -> list[str]:
    """POST /documents/{id}/email: the recipients asked for, else the customer's (422 when none)."""
    recipients = unique(asked) if asked else customer_recipients(customer)
    if not recipients:
        raise Unprocessable({"recipients": [NO_RECIPIENTS]})
    return recipients


def check_mailable(doc: Mapping[str, Any], kind_sri: bool) -> None:
    """409 when the document cannot be mailed (yet): a draft, cancelled, not numbered, or (an SRI
    kind) not authorized by the SRI."""
    if doc["status"] == "draft":
        raise Conflict("Un documento en borrador no puede enviarse por correo; emítalo primero.")
    if doc["status"] == "cancelled":
        raise Conflict("El documento está anulado; no puede enviarse por correo.")
    if kind_sri and doc["sri_status"] != "authorized":
        later = "se enviará automáticamente" if doc["mail_status"] == "pending" else "podrá enviarse"
        raise Conflict(f"El comprobante aún no está autorizado por el SRI; {later} cuando lo esté.")
    if doc["number"] is None:
        raise Conflict("El documento aún no tiene número asignado; intente en unos segundos.")
