"""The SMTP sink (dev/test tool): a real socket on 127.0.0.1, no PostgreSQL or RabbitMQ."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from email.message import EmailMessage

import aiosmtplib
import pytest

from services.smtp_sink.server import SmtpSink
from tests import harness

pytestmark = pytest.mark.integration


@pytest.fixture
def sink(tmp_path):
    with SmtpSink(tmp_path / "mail") as s:
        yield s


def invoice_mail(n: int = 1) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "facturacion@example.com"
    msg["To"] = "cliente@example.com"
    msg["Subject"] = f"Factura 001-001-00000000{n}"
    msg.set_content("Adjuntamos su comprobante electrónico.")
    msg.add_attachment(b"%PDF-1.7 fake", maintype="application", subtype="pdf", filename=f"factura-{n}.pdf")
    return msg


async def send(sink: SmtpSink, msg: EmailMessage, **kw):
    return await aiosmtplib.send(msg, hostname=sink.host, port=sink.port, start_tls=False, use_tls=False,
                                 timeout=10, **kw)


async def test_a_message_is_kept_as_an_eml_file_with_its_envelope_and_attachment(sink):
    assert sink.port != 0
    await send(sink, invoice_mail(), sender="bounce@example.com", recipients=["cliente@example.com", "cc@example.com"])
    [path] = sink.messages()
    assert path.parent == sink.directory and path.suffix == ".eml"
    [msg] = sink.parsed()
    assert msg["Subject"] == "Factura 001-001-000000001"
    assert msg["X-Sink-Mail-From"] == "bounce@example.com"
    assert msg["X-Sink-Rcpt-To"] == "cliente@example.com, cc@example.com"
    [att] = list(msg.iter_attachments())
    assert att.get_filename() == "factura-1.pdf" and att.get_content() == b"%PDF-1.7 fake"
    assert "electrónico" in msg.get_body(("plain",)).get_content()
    assert sink.received_count == 1
    assert not list(sink.directory.glob(".*"))  # no temp file left


async def test_files_sort_by_arrival(sink):
    for n in range(1, 6):
        await send(sink, invoice_mail(n))
    assert [m["Subject"][-1] for m in sink.parsed()] == list("12345")


async def test_fail_refuses_until_accept(sink):
    sink.fail(451)
    for _ in range(2):
        with pytest.raises(aiosmtplib.SMTPResponseException) as err:
            await send(sink, invoice_mail())
        assert err.value.code == 451 and "4.3.0" in err.value.message
    sink.accept()
    await send(sink, invoice_mail())
    assert len(sink.messages()) == 1 and sink.received_count == 1


async def test_fail_times_refuses_only_the_next_messages(sink):
    sink.fail(550, "5.1.1 Buzón inexistente", times=1)
    with pytest.raises(aiosmtplib.SMTPResponseException) as err:
        await send(sink, invoice_mail(1))
    assert err.value.code == 550
    await send(sink, invoice_mail(2))
    assert [m["Subject"][-1] for m in sink.parsed()] == ["2"]


async def test_any_credentials_are_accepted_without_tls(sink):
    await send(sink, invoice_mail(), username="mailer", password="whatever")
    [msg] = sink.parsed()
    assert msg["X-Sink-Auth-User"] == "mailer"


def test_cli_prints_where_messages_are_kept_and_stops_on_sigterm(tmp_path):
    port = harness.free_port()
    env = {**os.environ, "SMTP_SINK_FAULT": ""}
    proc = subprocess.Popen([sys.executable, "-m", "services.smtp_sink", "--dir", str(tmp_path / "mail"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=harness.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "SMTP sink on" not in line:
            line = proc.stdout.readline()
            assert line, f"the sink exited: {proc.stderr.read()}"
        assert line.strip() == f"SMTP sink on 127.0.0.1:{port}, messages kept in {tmp_path / 'mail'}/*.eml"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
