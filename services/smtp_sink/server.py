"""SmtpSink: aiosmtpd in a background thread, writing each accepted message to a .eml file."""
from __future__ import annotations

import email
import email.policy
import logging
import os
import secrets
import threading
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, Session, SMTP

from services.smtp_sink.faults import DEFAULT_REFUSAL, FaultPlan

log = logging.getLogger("smtp_sink")
# a 25 MB attachment grows by a third in base64
MAX_MESSAGE_BYTES = 36 * 1024 * 1024


def _accept_any(server, session, envelope, mechanism, auth_data) -> AuthResult:
    return AuthResult(success=True, handled=False, auth_data=auth_data)


class _Controller(Controller):
    """A Controller that can bind port 0: the real port is read back before the self-check."""

    def _create_server(self):
        return self._bind()

    async def _bind(self):
        server = await super()._create_server()
        self.port = server.sockets[0].getsockname()[1]
        return server


class SmtpSink:
    def __init__(self, directory: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.directory = Path(directory).resolve()
        self.host = host
        self.port = port
        self.received_count = 0
        self._faults = FaultPlan()
        self._lock = threading.Lock()
        self._last_stamp = datetime.min.replace(tzinfo=timezone.utc)
        self._controller: _Controller | None = None

    # --- lifecycle -----------------------------------------------------------------------
    def start(self) -> SmtpSink:
        self.directory.mkdir(parents=True, exist_ok=True)
        controller = _Controller(
            self, hostname=self.host, port=self.port, ready_timeout=15.0,
            server_hostname="smtp-sink", ident="smtp-sink", data_size_limit=MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True, auth_require_tls=False, authenticator=_accept_any)
        controller.start()
        self._controller, self.port = controller, controller.port
        log.info("SMTP sink listening on %s:%s, messages kept in %s", self.host, self.port, self.directory)
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpSink:
        return self.start() if self._controller is None else self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- faults ----------------------------------------------------------------------------
    def fail(self, code: int = 451, message: str = DEFAULT_REFUSAL, times: int | None = None) -> None:
        """Refuse messages (at DATA) with `code message`: all from now on, or only the next `times`."""
        self._faults.fail(code, message, times)

    def accept(self) -> None:
        self._faults.accept()

    # --- what was received -------------------------------------------------------------------
    def messages(self) -> list[Path]:
        return sorted(self.directory.glob("*.eml"))

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in self.messages()]

    # --- aiosmtpd handler hooks ----------------------------------------------------------------
    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._faults.take()
        if refusal is not None:
            log.info("SMTP sink refused a message from %s to %s: %s",
                     envelope.mail_from, ", ".join(envelope.rcpt_tos), refusal)
            return refusal
        path = self._write(envelope, session)
        log.info("SMTP sink accepted a message from %s to %s: %s",
                 envelope.mail_from, ", ".join(envelope.rcpt_tos), path)
        return "250 OK: message accepted"

    def _write(self, envelope: Envelope, session: Session) -> Path:
        content = envelope.original_content or b""
        headers = [f"X-Sink-Mail-From: {envelope.mail_from}",
                   f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}"]
        login = getattr(session.auth_data, "login", None)
        if login:
            headers.append(f"X-Sink-Auth-User: {login.decode(errors='replace')}")
        head = "".join(h + "\r\n" for h in headers).encode("utf-8", errors="replace")
        path = self.directory / f"{self._next_name()}.eml"
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "wb") as f:
            f.write(head + content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        with self._lock:
            self.received_count += 1
        return path

    def _next_name(self) -> str:
        """UTC arrival time, strictly increasing within this sink, plus a random suffix."""
        with self._lock:
            stamp = max(datetime.now(timezone.utc), self._last_stamp + timedelta(microseconds=1))
            self._last_stamp = stamp
        return f"{stamp:%Y%m%dT%H%M%S.%f}-{secrets.token_hex(4)}"
