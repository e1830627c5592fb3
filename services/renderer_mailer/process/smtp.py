"""Sending one message with aiosmtplib, as configured (SMTP_HOST, SMTP_PORT, SMTP_SECURITY,
SMTP_USERNAME / SMTP_PASSWORD, SMTP_TIMEOUT_SECONDS). One connection per message: a mail is
committed as sent right after the server's answer to its DATA."""
from __future__ import annotations

import asyncio
import socket
from email.message import EmailMessage
from typing import Sequence

import aiosmtplib

from services.renderer_mailer.settings import Settings


class SmtpSender:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.hostname: str | None = None  # our name in EHLO

    async def local_hostname(self) -> str:
        """This host's name for EHLO, looked up once (aiosmtplib would call getfqdn in a thread per mail)."""
        if self.hostname is None:
            self.hostname = await asyncio.to_thread(socket.getfqdn)
        return self.hostname

    async def send(self, message: EmailMessage, recipients: Sequence[str]) -> str:
        """The server's reply to DATA (`250 ...`); raises aiosmtplib's errors (or OSError) when the
        mail was not accepted. Recipients refused while others were accepted are named in the reply."""
        s = self.settings
        refused, reply = await aiosmtplib.send(
            message, sender=s.mail_from, recipients=list(recipients), hostname=s.smtp_host, port=s.port,
            username=s.smtp_username, password=s.smtp_password, use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls", timeout=s.smtp_timeout_seconds,
            local_hostname=await self.local_hostname())
        text = f"250 {' '.join(reply.split())}"
        if refused:
            text += " (rechazados: " + "; ".join(f"{a}: {r.code} {r.message}" for a, r in refused.items()) + ")"
        return text
