"""The `autorizacion` document: the SRI's fields, and the signed comprobante inside it byte-exact,
its signature still verifying once extracted (signxml and xmlsec1)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree

from services.sri_submitter.domain.answers import Authorization
from services.sri_submitter.xml import signing
from services.sri_submitter.xml.authorization import authorization_date, authorization_document, comprobante_of
from shared.contracts.sri_results import SriMessage
from tests.sri_submitter.unit.process.test_environments import FakeSri, pipeline, row
from tests.sri_submitter.unit.xml.test_signing import signed_case

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900120010010000000011234567815"
AT = datetime(2026, 2, 22, 15, 0, 5, tzinfo=timezone.utc)
WARNING_60 = SriMessage(identificador="60", mensaje="ESTE PROCESO FUE REALIZADO EN EL AMBIENTE DE PRUEBAS",
                        tipo="INFORMATIVO")


@pytest.fixture(scope="module")
def signed(validator, signing_cert) -> bytes:
    return signed_case("cedula", validator, signing_cert)


def test_the_document_has_the_sris_fields(signed):
    doc = authorization_document(signed.decode(), KEY, AT, "PRUEBAS", [WARNING_60])
    assert doc.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<autorizacion>")
    root = etree.fromstring(doc)
    assert [child.tag for child in root] == ["estado", "numeroAutorizacion", "fechaAutorizacion", "ambiente",
                                             "comprobante", "mensajes"]
    assert root.findtext("estado") == "AUTORIZADO" and root.findtext("numeroAutorizacion") == KEY
    assert root.findtext("fechaAutorizacion") == "2026-02-22T10:00:05-05:00"
    assert root.findtext("ambiente") == "PRUEBAS"
    [mensaje] = root.find("mensajes")
    assert [(c.tag, c.text) for c in mensaje] == [("identificador", "60"), ("mensaje", WARNING_60.mensaje),
                                                  ("tipo", "INFORMATIVO")]
    assert b"<comprobante><![CDATA[<?xml version=" in doc  # as the SRI gives it


def test_the_comprobante_comes_out_byte_identical_and_its_signature_verifies(signed, signing_cert, xmlsec_verify):
    doc = authorization_document(signed.decode(), KEY, AT, "PRODUCCIÓN")
    assert etree.fromstring(doc).find("mensajes") is not None and "PRODUCCIÓN" in doc.decode()
    extracted = comprobante_of(doc).encode()
    assert extracted == signed
    assert len(signing.verify(extracted, signing_cert.certificate)) == 3
    ok, output = xmlsec_verify(extracted, "factura", "extracted-from-autorizacion")
    assert ok, output


@pytest.mark.parametrize("text", ['<a b="]]>">x</a>', "<a>uno\r\ndos</a>", "<a>ñ &amp; ü</a>"])
def test_what_cdata_cannot_hold_is_escaped_and_still_comes_out_the_same(text):
    doc = authorization_document(text, KEY, AT, "PRUEBAS")
    assert comprobante_of(doc) == text
    assert (b"<![CDATA[" in doc) == ("]]>" not in text and "\r" not in text)


def test_dates_are_at_minus_five_with_milliseconds_only_when_given():
    assert authorization_date(AT) == "2026-02-22T10:00:05-05:00"
    assert authorization_date(AT + timedelta(microseconds=997000)) == "2026-02-22T10:00:05.997-05:00"
    assert authorization_date(datetime(2026, 2, 22, 10, 0)) == "2026-02-22T10:00:00-05:00"  # naive: Ecuador time


def test_not_an_autorizacion_is_refused():
    with pytest.raises(ValueError):
        comprobante_of(b"<factura/>")


class AuthorizingSri(FakeSri):
    """AUTORIZADO with the signed comprobante, as the SRI returns it, and warning 60."""

    def __init__(self, comprobante: str):
        super().__init__("PRUEBAS")
        self.comprobante = comprobante

    async def query(self, access_key: str, environment: str) -> list[Authorization]:
        return [Authorization("AUTORIZADO", access_key, AT, "PRUEBAS", self.comprobante, [WARNING_60])]


async def test_the_pipeline_stores_the_autorizacion_at_xml_path_and_in_the_row(signed, tmp_path):
    flow = pipeline(AuthorizingSri(signed.decode()), tmp_path)
    await flow._poll({**row("test", "received"), "signed_xml": signed.decode()})
    [(exchange, change)] = flow.recorder.records
    values = change.values
    assert values["xml_path"] == f"companies/5/documents/sales/xml/2026/02/{KEY}.xml"
    stored = (tmp_path / values["xml_path"]).read_bytes()
    assert stored.decode() == values["authorized_xml"]
    root = etree.fromstring(stored)
    assert (root.findtext("estado"), root.findtext("ambiente")) == ("AUTORIZADO", "PRUEBAS")
    assert root.find("mensajes/mensaje/identificador").text == "60"
    assert comprobante_of(stored).encode() == signed
    assert values["authorized_at"] == AT and values["authorization_number"] == KEY
