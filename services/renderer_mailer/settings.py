"""renderer_mailer configuration, from environment variables only (validated at start).

Files: the RIDE PDFs go to FILE_STORE_DIR (the same store sri_submitter writes the authorized
XML to). Rendering is CPU bound (WeasyPrint): RENDER_CONCURRENCY documents at a time per service
process, in RENDER_PROCESSES render processes of its own (about one core and 90 MB each).

Mail: SMTP_HOST / SMTP_PORT / SMTP_SECURITY (`none`, `starttls`, `tls`; the port defaults to
25, 587 and 465 respectively) with optional SMTP_USERNAME / SMTP_PASSWORD. A transient failure
(no connection, timeout, 4xx) is retried after the n-th value of MAIL_RETRY_DELAYS (the last
repeats) up to MAIL_MAX_ATTEMPTS attempts; 5xx is final at once.

Webhooks (domain/webhooks.py): a failed delivery is retried after each WEBHOOK_RETRY_DELAYS value in
turn, then it is failed; an endpoint is disabled after WEBHOOK_DISABLE_AFTER failed deliveries in a
row or WEBHOOK_DISABLE_AFTER_DAYS of failing attempts. Signing secrets are sealed with SECRETS_KEY.
"""
from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from shared.settings import BaseServiceSettings, Delays

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
DEFAULT_RETRY_DELAYS = (10.0, 30.0, 120.0, 600.0, 1800.0)
WEBHOOK_RETRY_DELAYS = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)  # Standard Webhooks' schedule


class Settings(BaseServiceSettings):
    file_store_dir: Path = Field(PROJECT_ROOT / ".run" / "files", description="root of the stored files")
    render_concurrency: int = Field(2, ge=1, le=32, description="RIDEs rendered at a time per process")
    render_processes: int = Field(2, ge=1, le=32, description="render processes (WeasyPrint) started by each service "
                                  "process: about one core each (no more than RENDER_CONCURRENCY are ever started)")
    render_lease_seconds: float = Field(
        60.0, gt=0, le=3600, description="how long a worker owns a RIDE it renders; a killed worker's render is "
        "taken over after this (longer than the longest render on a busy machine)")
    smtp_host: str = Field("127.0.0.1", min_length=1, description="SMTP server")
    smtp_port: int | None = Field(None, ge=1, le=65535,
                                  description="SMTP port (default by security: none 25, starttls 587, tls 465)")
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        "starttls", description="none (plain), starttls (upgrade after connect) or tls (implicit TLS)")
    smtp_username: str | None = Field(None, description="SMTP login, when the server needs one")
    smtp_password: str | None = Field(None, repr=False, description="SMTP password")
    smtp_timeout_seconds: float = Field(30.0, gt=0, le=600, description="timeout of one SMTP conversation step")
    mail_from: str = Field("facturacion@localhost", description="sender address (display name: the issuer's name)")
    mail_reply_to: str | None = Field(None, description="Reply-To address, when replies go elsewhere")
    mail_retry_delays: Delays = Field(
        DEFAULT_RETRY_DELAYS, description="seconds between attempts after a transient failure (last repeats)")
    mail_max_attempts: int = Field(8, ge=1, le=100, description="attempts before a mail is given up (failed)")
    mail_concurrency: int = Field(8, ge=1, le=256, description="mails in flight per process")
    mail_lease_seconds: float | None = Field(
        None, gt=0, description="how long a worker owns a mail being sent (default 3 x timeout + 30)")
    secrets_key: str = Field(min_length=16, repr=False, description="secret that seals the webhook signing secrets")
    webhook_timeout_seconds: float = Field(15.0, gt=0, le=120, description="one webhook attempt, connect to answer")
    webhook_retry_delays: Delays = Field(
        WEBHOOK_RETRY_DELAYS, description="seconds before each retry of a webhook delivery; used up: failed")
    webhook_disable_after: int = Field(20, ge=1, description="disable an endpoint after this many failed deliveries "
                                       "in a row")
    webhook_disable_after_days: float = Field(5.0, gt=0, description="... or once every attempt failed this long")
    webhook_concurrency: int = Field(16, ge=1, le=256, description="webhook attempts in flight per process")
    webhook_allow_http: bool = Field(False, description="accept http:// webhook URLs for any host (else loopback only)")
    webhook_allow_private_urls: bool = Field(
        False, description="deliver webhooks to private, loopback, link-local and reserved addresses too "
        "(development and tests only; else public addresses only, checked again after each DNS lookup)")

    @field_validator("mail_from", "mail_reply_to")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is not None and "@" not in parseaddr(value)[1]:
            raise ValueError("must be an e-mail address, e.g. facturacion@example.com")
        return value

    @property
    def port(self) -> int:
        return self.smtp_port or DEFAULT_PORTS[self.smtp_security]

    @property
    def lease_seconds(self) -> float:
        """How long a claimed mail is owned: connect, a few commands and DATA, with room to spare."""
        return self.mail_lease_seconds or 3 * self.smtp_timeout_seconds + 30
