"""The mail of a document: file names and paths, headers, Spanish bodies and attachments."""
from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

import pytest

from services.renderer_mailer.domain import message
from services.renderer_mailer.domain.files import pdf_file_name, pdf_path, xml_file_name
from tests.renderer_mailer.commands import command, plain_command

pytestmark = pytest.mark.unit
PDF, XML = b"%PDF-1.7 fake", b"<autorizacion/>"


def test_the_pdf_path_is_the_published_sample():
    assert pdf_path(5, "invoice", "001-001-000000120", date(2026, 2, 22)) == \
        "companies/5/documents/sales/pdf/2026/02/c5-Factura-001-001-000000120.pdf"


@pytest.mark.parametrize("kind,name", [("invoice", "Factura"), ("credit_note", "NotaCredito"),
                                       ("debit_note", "NotaDebito"), ("sales_order", "PedidoVenta"),
                                       ("quotation", "Cotizacion")])
def test_file_names_per_document_type(kind, name):
    assert pdf_file_name(7, kind, "002-003-000000004") == f"c7-{name}-002-003-000000004.pdf"


def mail(cmd, attachments, reply_to=None):
    addressing = message.Addressing("facturas@example.com", ["ana@example.com", "b@example.org"],
                                    "<id-1@example.com>", reply_to)
    built = message.build(cmd, addressing, attachments)
    return message_from_bytes(built.as_bytes(), policy=policy.default)  # what the server receives


def sri_attachments(cmd):
    return [message.Attachment(xml_file_name(cmd.authorization.access_key), XML, "application/xml"),
            message.Attachment("c5-Factura-001-002-000000120.pdf", PDF, "application/pdf")]


def test_an_invoice_mail_has_headers_bodies_and_both_attachments():
    cmd = command(company_id=5, document_id=120)
    parsed = mail(cmd, sri_attachments(cmd), reply_to="contabilidad@example.com")
    issuer = cmd.snapshot.issuer.trade_name or cmd.snapshot.issuer.legal_name
    assert parsed["Subject"] == f"Factura electrónica 001-002-000000120 de {issuer}"
    assert parsed["From"].addresses[0].display_name == issuer
    assert parsed["From"].addresses[0].addr_spec == "facturas@example.com"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ana@example.com", "b@example.org"]
    assert (parsed["Message-ID"], parsed["Reply-To"]) == ("<id-1@example.com>", "contabilidad@example.com")
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    for body in (text, html):
        for field in ("001-002-000000120", "15/01/2025", cmd.authorization.access_key, "XML", "PDF",
                      f"{cmd.snapshot.totals.total:,.2f}", cmd.snapshot.buyer.name):
            assert field in body, (field, body)
    files = [(p.get_filename(), p.get_content_type(), p.get_content()) for p in parsed.iter_attachments()]
    assert files == [(f"{cmd.authorization.access_key}.xml", "application/xml", XML),
                     ("c5-Factura-001-002-000000120.pdf", "application/pdf", PDF)]


def test_no_reply_to_unless_configured_and_html_is_escaped():
    cmd = command()
    issuer = cmd.snapshot.issuer.model_copy(update={"trade_name": "Tienda <Uno> & Cía"})
    cmd = cmd.model_copy(update={"snapshot": cmd.snapshot.model_copy(update={"issuer": issuer})})
    parsed = mail(cmd, sri_attachments(cmd))
    assert parsed["Reply-To"] is None
    assert parsed["From"].addresses[0].display_name == "Tienda <Uno> & Cía"
    assert "Tienda &lt;Uno&gt; &amp; Cía" in parsed.get_body(("html",)).get_content()


def test_a_quotation_mail_carries_only_the_pdf():
    cmd = plain_command("quotation", document_id=121)
    parsed = mail(cmd, [message.Attachment("c5-Cotizacion-001-001-000000121.pdf", PDF, "application/pdf")])
    assert parsed["Subject"].startswith("Cotización 001-001-000000121 de ")
    text = parsed.get_body(("plain",)).get_content()
    assert "Válida hasta: 14/02/2025" in text and "Clave de acceso" not in text
    assert [p.get_filename() for p in parsed.iter_attachments()] == ["c5-Cotizacion-001-001-000000121.pdf"]


def test_a_final_consumer_is_greeted_generically():
    from tests.sri_submitter.cases import CASES
    text = mail(command(CASES["consumidor_final"]()), []).get_body(("plain",)).get_content()
    assert text.startswith("Estimado(a) cliente:")


def test_message_ids_are_unique_and_in_the_senders_domain():
    first = message.new_message_id(5, 120, "facturas@example.com")
    assert first != message.new_message_id(5, 120, "facturas@example.com")
    assert first.startswith("<") and first.endswith("@example.com>") and ".c5.d120@" in first and len(first) < 60
