"""SMTP outcomes: which failures are retried, the Spanish reasons, the back-off, the addresses, settings."""
from __future__ import annotations

import asyncio

import pytest
from aiosmtplib import (SMTPConnectError, SMTPDataError, SMTPRecipientRefused, SMTPRecipientsRefused,
                        SMTPSenderRefused, SMTPServerDisconnected, SMTPTimeoutError)
from pydantic import ValidationError

from services.renderer_mailer.domain.outcome import Failure, classify, reason, retry_delay
from services.renderer_mailer.domain.recipients import split
from services.renderer_mailer.settings import Settings

pytestmark = pytest.mark.unit
BASE = {"database_url": "postgresql://x", "amqp_url": "amqp://x", "secrets_key": "k" * 32}


@pytest.mark.parametrize("exc,code,permanent", [
    (SMTPDataError(550, "5.7.1 Message rejected"), 550, True),
    (SMTPDataError(451, "4.3.0 Try again later"), 451, False),
    (SMTPSenderRefused(553, "5.1.8 sender rejected", "a@b.c"), 553, True),
    (SMTPRecipientsRefused([SMTPRecipientRefused(550, "5.1.1 no such user", "x@y.z")]), 550, True),
    (SMTPRecipientsRefused([SMTPRecipientRefused(550, "no", "x@y.z"), SMTPRecipientRefused(452, "full", "w@y.z")]),
     452, False),
    (SMTPConnectError("Error connecting to 127.0.0.1 on port 1: Connection refused"), None, False),
    (SMTPServerDisconnected("Unexpected EOF received"), None, False),
    (SMTPTimeoutError("Timed out"), None, False),
    (ConnectionRefusedError(111, "Connection refused"), None, False),
    (asyncio.TimeoutError(), None, False),
])
def test_classification(exc, code, permanent):
    failure = classify(exc)
    assert (failure.code, failure.permanent) == (code, permanent)
    assert failure.reply


def test_reasons_are_spanish_with_the_servers_reply():
    rejected = classify(SMTPRecipientsRefused([SMTPRecipientRefused(550, "5.1.1 <x@y.z>: unknown", "x@y.z")]))
    assert reason(rejected) == "El servidor de correo rechazó el envío: 550 x@y.z: 5.1.1 <x@y.z>: unknown"
    later = Failure(451, "4.3.0 busy", permanent=False)
    assert reason(later) == "El servidor de correo no aceptó el envío por ahora: 451 4.3.0 busy. Se reintentará."
    assert reason(Failure(None, "Connection refused", False)).startswith("No se pudo contactar al servidor")
    assert reason(later, exhausted_after=8) == "No se pudo enviar el correo tras 8 intentos: 451 4.3.0 busy"


def test_back_off_uses_the_nth_delay_and_repeats_the_last():
    delays = (10.0, 30.0, 120.0)
    assert [retry_delay(n, delays) for n in (1, 2, 3, 4, 9)] == [10.0, 30.0, 120.0, 120.0, 120.0]


def test_recipients_are_trimmed_deduplicated_and_checked():
    assert split([" Ana@Example.com", "ana@example.com", "", "bad", "b@x.org", "c@nodot"]) == \
        (["Ana@Example.com", "b@x.org"], ["bad", "c@nodot"])


def test_settings_defaults_and_parsing():
    s = Settings(**BASE)
    assert (s.smtp_security, s.port, s.mail_max_attempts, s.mail_retry_delays[-1]) == ("starttls", 587, 8, 1800.0)
    s = Settings(**BASE, smtp_security="none", mail_retry_delays="0.2, 0.5", smtp_timeout_seconds=5)
    assert (s.port, s.mail_retry_delays, s.lease_seconds) == (25, (0.2, 0.5), 45)
    assert Settings(**BASE, smtp_security="tls").port == 465
    assert Settings(**BASE, smtp_port=2525, smtp_security="none").port == 2525
    for bad in ({"mail_retry_delays": "1,x"}, {"mail_retry_delays": "0"}, {"mail_from": "nobody"},
                {"smtp_security": "ssl"}):
        with pytest.raises(ValidationError):
            Settings(**BASE, **bad)
