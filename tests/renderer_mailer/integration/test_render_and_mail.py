"""render_and_mail against the real service, PostgreSQL, RabbitMQ and an SMTP sink: rendered once,
mailed once per request with both attachments; redeliveries add nothing; 4xx is retried; 5xx and
missing addresses fail with a Spanish reason; a resend after a failure succeeds."""
from __future__ import annotations

import pytest

from shared.contracts.envelope import Envelope
from tests.harness import eventually
from tests.renderer_mailer.commands import command, plain_command
from tests.renderer_mailer.integration.conftest import (MAX_ATTEMPTS, deliveries, mails_of, next_document,
                                                        publish_all, store_xml)

pytestmark = pytest.mark.integration
RENDERED, MAILED, FAILED = "renderer.document_rendered", "renderer.document_mailed", "renderer.mail_failed"


def mail_command(company: int, **extra):
    return command(company_id=company, document_id=next_document(), mail=True,
                   recipients=["cliente@example.com"], **extra)


async def test_rendered_once_and_mailed_once_with_both_attachments(bus, mailer, sink, mail_call, mail_db, company):
    cmd = mail_command(company)
    xml = store_xml(mailer, cmd)
    env = Envelope.wrap(cmd, company_id=company)
    again = cmd.model_copy(update={"recipients": ["otro@example.com"]})  # documents asked twice: same request
    await publish_all(bus, mailer, company, [(cmd, env), (cmd, env), (again, None),
                                             (cmd.model_copy(update={"mail": False}), None)])
    [mailed] = await bus.wait_for(company, MAILED, document_id=cmd.document_id)
    [rendered] = bus.of(company, RENDERED, document_id=cmd.document_id)
    pdf_path = (f"companies/{company}/documents/sales/pdf/2025/01/"
                f"c{company}-Factura-{cmd.display_number}.pdf")
    assert rendered.payload["pdf_path"] == pdf_path
    assert (mailer.files / pdf_path).read_bytes().startswith(b"%PDF")
    assert (mailed.payload["request_id"], mailed.payload["recipients"]) == ("auto", ["cliente@example.com"])
    assert mailed.payload["smtp_reply"].startswith("250 ")
    [mail] = mails_of(sink, cmd)
    assert mail["Message-ID"].strip() == mailed.payload["message_id"]
    assert mail["To"] == "cliente@example.com" and mail["X-Sink-Rcpt-To"] == "cliente@example.com"
    assert mail["From"].addresses[0].addr_spec == "facturas@example.com"
    assert mail["Subject"].startswith(f"Factura electrónica {cmd.display_number} de ")
    files = {p.get_filename(): (p.get_content_type(), p.get_content()) for p in mail.iter_attachments()}
    assert files[f"{cmd.authorization.access_key}.xml"][0] == "application/xml"
    assert files[f"{cmd.authorization.access_key}.xml"][1].decode() == xml
    assert files[f"c{company}-Factura-{cmd.display_number}.pdf"] == ("application/pdf",
                                                                    (mailer.files / pdf_path).read_bytes())
    reply = await mail_call("renders.get", company_id=company, path_params={"id": str(cmd.document_id)})
    assert reply.status == 200 and reply.body["data"] == {
        "document_id": cmd.document_id, "pdf_path": pdf_path, "content_type": "application/pdf",
        "file_name": f"c{company}-Factura-{cmd.display_number}.pdf", "rendered_at": reply.body["data"]["rendered_at"]}
    [row] = await deliveries(mail_db, cmd)
    assert (row["status"], row["tries"], [a["code"] for a in row["attempts"]]) == ("sent", 1, [250])

    # a resend (a new request id) is mailed again, from the same PDF; its repeat adds nothing
    resend = cmd.model_copy(update={"request_id": "resend-1", "recipients": ["nuevo@example.com"]})
    await publish_all(bus, mailer, company, [(resend, None), (resend, None)])
    [second] = await bus.wait_for(company, MAILED, document_id=cmd.document_id, request_id="resend-1")
    assert second.payload["recipients"] == ["nuevo@example.com"]
    assert second.payload["message_id"] != mailed.payload["message_id"]
    assert len(mails_of(sink, cmd)) == 2 and len(bus.of(company, RENDERED, document_id=cmd.document_id)) == 1
    assert len(bus.of(company, MAILED, document_id=cmd.document_id)) == 2
    assert [r["status"] for r in await deliveries(mail_db, cmd)] == ["sent", "sent"]


async def test_a_4xx_is_retried_with_the_same_message_id_and_then_sent(bus, mailer, sink, mail_db, company):
    cmd = mail_command(company)
    store_xml(mailer, cmd)
    sink.fail(451, "4.3.0 Intente más tarde", times=2)
    await publish_all(bus, mailer, company, [(cmd, None)])
    [mailed] = await bus.wait_for(company, MAILED, document_id=cmd.document_id)
    [failed] = bus.of(company, FAILED, document_id=cmd.document_id)  # the first transient failure only
    assert failed.payload["permanent"] is False and failed.payload["smtp_code"] == 451
    assert "451 4.3.0 Intente más tarde" in failed.payload["reason"]
    [row] = await deliveries(mail_db, cmd)
    assert (row["status"], [a["code"] for a in row["attempts"]]) == ("sent", [451, 451, 250])
    [mail] = mails_of(sink, cmd)
    assert mail["Message-ID"].strip() == mailed.payload["message_id"] == row["message_id"]


async def test_retries_run_out_then_a_resend_succeeds(bus, mailer, sink, mail_db, company):
    cmd = mail_command(company)
    store_xml(mailer, cmd)
    sink.fail(421, "4.7.0 Servicio no disponible")
    try:
        await publish_all(bus, mailer, company, [(cmd, None)])
        final = await bus.wait_for(company, FAILED, document_id=cmd.document_id, permanent=True)
    finally:
        sink.accept()
    assert final[0].payload["reason"] == \
        f"No se pudo enviar el correo tras {MAX_ATTEMPTS} intentos: 421 4.7.0 Servicio no disponible"
    assert len(bus.of(company, FAILED, document_id=cmd.document_id)) == 2  # first transient + final
    [row] = await deliveries(mail_db, cmd)
    assert (row["status"], row["tries"]) == ("failed", MAX_ATTEMPTS) and mails_of(sink, cmd) == []
    await publish_all(bus, mailer, company, [(cmd.model_copy(update={"request_id": "resend-2"}), None)])
    await bus.wait_for(company, MAILED, document_id=cmd.document_id, request_id="resend-2")
    assert len(mails_of(sink, cmd)) == 1


async def test_a_5xx_fails_at_once_with_the_servers_reply(bus, mailer, sink, mail_db, company):
    cmd = mail_command(company)
    store_xml(mailer, cmd)
    sink.fail(550, "5.1.1 <cliente@example.com>: Recipient address rejected", times=1)
    await publish_all(bus, mailer, company, [(cmd, None)])
    [failed] = await bus.wait_for(company, FAILED, document_id=cmd.document_id)
    assert failed.payload["permanent"] is True and failed.payload["smtp_code"] == 550
    assert failed.payload["reason"] == ("El servidor de correo rechazó el envío: 550 5.1.1 <cliente@example.com>: "
                                        "Recipient address rejected")
    [row] = await deliveries(mail_db, cmd)
    assert (row["status"], row["tries"], row["reason"]) == ("failed", 1, failed.payload["reason"])
    assert mails_of(sink, cmd) == [] and bus.of(company, MAILED, document_id=cmd.document_id) == []


async def test_no_address_fails_once_but_the_document_is_rendered(bus, mailer, mail_call, mail_db, company):
    cmd = command(company_id=company, document_id=next_document(), mail=True, recipients=[])
    await publish_all(bus, mailer, company, [(cmd, None), (cmd, None)])
    [failed] = await bus.wait_for(company, FAILED, document_id=cmd.document_id)
    assert (failed.payload["permanent"], failed.payload["reason"]) == (
        True, "El cliente no tiene correo electrónico registrado.")
    await bus.wait_for(company, RENDERED, document_id=cmd.document_id)
    reply = await mail_call("renders.get", company_id=company, path_params={"id": str(cmd.document_id)})
    assert reply.status == 200
    assert [r["status"] for r in await deliveries(mail_db, cmd)] == ["failed"]
    await eventually(lambda: len(bus.of(company, FAILED, document_id=cmd.document_id)) == 1)


async def test_renders_get_is_404_until_rendered_and_for_other_companies(bus, mailer, mail_call, company):
    unknown = await mail_call("renders.get", company_id=company, path_params={"id": "999999999"})
    assert (unknown.status, unknown.body["message"]) == (404, "El RIDE del documento aún no está disponible.")
    cmd = command(company_id=company, document_id=next_document())
    await publish_all(bus, mailer, company, [(cmd, None)])
    await bus.wait_for(company, RENDERED, document_id=cmd.document_id)
    other = await mail_call("renders.get", company_id=company + 1, path_params={"id": str(cmd.document_id)})
    assert other.status == 404
    bad = await mail_call("renders.get", company_id=company, path_params={"id": "abc"})
    assert bad.status == 404


async def test_a_quotation_is_rendered_plain_and_mailed_with_the_pdf_only(bus, mailer, sink, company):
    cmd = plain_command("quotation", company_id=company, document_id=next_document())
    await publish_all(bus, mailer, company, [(cmd, None)])  # at issue: rendered, not mailed
    [rendered] = await bus.wait_for(company, RENDERED, document_id=cmd.document_id)
    name = f"c{company}-Cotizacion-{cmd.display_number}.pdf"
    assert rendered.payload["pdf_path"] == f"companies/{company}/documents/sales/pdf/2025/01/{name}"
    request = cmd.model_copy(update={"mail": True, "request_id": "send-1", "recipients": ["ana@example.com"]})
    await publish_all(bus, mailer, company, [(request, None)])
    await bus.wait_for(company, MAILED, document_id=cmd.document_id, request_id="send-1")
    [mail] = mails_of(sink, cmd)
    assert mail["Subject"].startswith(f"Cotización {cmd.display_number} de ")
    assert [(p.get_filename(), p.get_content_type()) for p in mail.iter_attachments()] == [(name, "application/pdf")]
