"""What one SMTP attempt came to, and what follows: sent, retry later, or failed for good.

Classification (aiosmtplib's exceptions): a reply code 5xx is permanent (the server refused
the sender, the recipients or the content; sending the same again cannot help); 4xx, no
connection, a timeout or a dropped connection are transient and retried with back-off until
MAIL_MAX_ATTEMPTS. When every recipient is refused the lowest code decides (any 4xx: retry).
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Sequence

from aiosmtplib import SMTPRecipientsRefused, SMTPResponseException

NO_ADDRESS = "El cliente no tiene correo electrónico registrado."
NO_RENDER = "No se pudo generar el RIDE del documento: faltan sus datos."


@dataclass(frozen=True)
class Failure:
    """A failed attempt: the server's code (None: no answer) and reply, and whether it is final."""

    code: int | None
    reply: str
    permanent: bool

    @property
    def server_text(self) -> str:
        return f"{self.code} {self.reply}".strip() if self.code is not None else self.reply


def _reply(message: str) -> str:
    return " ".join(str(message).split())


def classify(exc: BaseException) -> Failure:
    """The Failure an exception raised while sending stands for."""
    if isinstance(exc, SMTPRecipientsRefused) and exc.recipients:
        first = min(exc.recipients, key=lambda r: r.code)
        replies = "; ".join(f"{r.recipient}: {_reply(r.message)}" for r in exc.recipients)
        return Failure(first.code, replies, permanent=first.code >= 500)
    if isinstance(exc, SMTPResponseException) and exc.code >= 400:
        return Failure(exc.code, _reply(exc.message), permanent=exc.code >= 500)
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)):
        return Failure(None, "tiempo de espera agotado", permanent=False)
    return Failure(None, _reply(str(exc)) or type(exc).__name__, permanent=False)


def reason(failure: Failure, *, exhausted_after: int | None = None) -> str:
    """The Spanish reason documents shows next to `mail_status: failed`."""
    if exhausted_after is not None:
        return f"No se pudo enviar el correo tras {exhausted_after} intentos: {failure.server_text}"
    if failure.permanent:
        return f"El servidor de correo rechazó el envío: {failure.server_text}"
    if failure.code is not None:
        return f"El servidor de correo no aceptó el envío por ahora: {failure.server_text}. Se reintentará."
    return f"No se pudo contactar al servidor de correo: {failure.server_text}. Se reintentará."


def invalid_addresses(addresses: Sequence[str]) -> str:
    return f"La dirección de correo no es válida: {', '.join(addresses)}."


def retry_delay(tries: int, delays: Sequence[float]) -> float:
    """Seconds before attempt `tries + 1`, after `tries` attempts (the last delay repeats)."""
    return delays[min(max(tries, 1), len(delays)) - 1]
