"""Reception and authorization through zeep (official WSDLs) against a real simulator process."""
from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.sri_simulator.client import messages
from tests.sri_simulator.conftest import PROCESSING_DELAY
from tests.sri_simulator.docs import Factura, access_key
from tests.sri_simulator.notes import NotaCredito, NotaDebito
from tests.sri_simulator.signing import sign_plain_sha256, sign_xades

pytestmark = pytest.mark.integration


def returned_with(answer, code: str):
    assert answer.estado == "DEVUELTA"
    comprobante = answer.comprobantes.comprobante[0]
    assert messages(comprobante)[0] == (code, "ERROR")
    return comprobante


async def decided(sri, data: bytes, key: str):
    assert (await sri.send(data)).estado == "RECIBIDA"
    return (await sri.wait_decision(key)).autorizaciones.autorizacion[0]


async def test_received_then_authorized_after_the_delay(sri, creds):
    doc = Factura()
    data = sign_xades(doc.build(), creds)
    started = time.monotonic()
    answer = await sri.send(data)
    assert answer.estado == "RECIBIDA" and answer.comprobantes is None
    pending = await sri.query(doc.clave)
    assert pending.numeroComprobantes == "0" and pending.autorizaciones is None
    final = await sri.wait_decision(doc.clave)
    assert time.monotonic() - started >= PROCESSING_DELAY
    assert final.claveAccesoConsultada == doc.clave and final.numeroComprobantes == "1"
    auth = final.autorizaciones.autorizacion[0]
    assert (auth.estado, auth.numeroAutorizacion, auth.ambiente) == ("AUTORIZADO", doc.clave, "PRUEBAS")
    assert auth.comprobante == data.decode()
    assert messages(auth) == [("60", "ADVERTENCIA")]
    assert auth.fechaAutorizacion.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize("build", [NotaCredito, NotaDebito], ids=["nota_credito", "nota_debito"])
async def test_notes_and_sha256_signatures_are_authorized(sri, creds, build):
    doc = build()
    auth = await decided(sri, sign_plain_sha256(doc.build(), creds), doc.clave)
    assert auth.estado == "AUTORIZADO"
    doc = build()
    assert (await decided(sri, sign_xades(doc.build(), creds, sha256=True), doc.clave)).estado == "AUTORIZADO"


async def test_schema_error_is_returned_with_detail_and_may_be_resent(sri, creds):
    doc = Factura()
    root = doc.build()
    root.find("infoFactura").remove(root.find("infoFactura/razonSocialComprador"))
    comprobante = returned_with(await sri.send(sign_xades(root, creds)), "35")
    assert comprobante.claveAcceso == doc.clave
    assert "identificacionComprador" in comprobante.mensajes.mensaje[0].informacionAdicional
    assert (await decided(sri, sign_xades(doc.build(), creds), doc.clave)).estado == "AUTORIZADO"


async def test_not_well_formed_too_big_and_null(sri, creds):
    assert returned_with(await sri.send(b"<factura><oops></factura>"), "35")
    big = sign_xades(Factura().build(), creds) + b"<!--" + b"x" * (320 * 1024) + b"-->"
    returned_with(await sri.send(big), "26")
    returned_with(await sri.send(None), "49")


async def test_duplicate_key_after_authorization_is_43(sri, creds):
    doc = Factura()
    data = sign_xades(doc.build(), creds)
    assert (await decided(sri, data, doc.clave)).estado == "AUTORIZADO"
    returned_with(await sri.send(data), "43")
    state = (await sri.state(doc.clave))["documents"][doc.clave]
    assert (state["receptions"], state["accepted"], state["authorized"]) == (2, 1, 1)


async def test_resend_while_processing_is_70(sri, creds):
    doc = Factura()
    data = sign_xades(doc.build(), creds)
    assert (await sri.send(data)).estado == "RECIBIDA"
    comprobante = returned_with(await sri.send(data), "70")
    assert comprobante.mensajes.mensaje[0].mensaje == "CLAVE DE ACCESO EN PROCESAMIENTO"


async def test_same_secuencial_with_another_key_is_45(sri, creds):
    first = Factura()
    assert (await sri.send(sign_xades(first.build(), creds))).estado == "RECIBIDA"
    second = Factura(secuencial=first.secuencial, codigo="87654321")
    comprobante = returned_with(await sri.send(sign_xades(second.build(), creds)), "45")
    assert comprobante.mensajes.mensaje[0].mensaje == "ERROR SECUENCIAL REGISTRADO"


async def test_key_not_matching_the_document_is_58(sri, creds):
    doc = Factura()
    doc.key = access_key(doc.fecha - timedelta(days=1), "01", doc.ruc, "1", "001", "002", doc.secuencial)
    auth = await decided(sri, sign_xades(doc.build(), creds), doc.key)
    assert auth.estado == "NO AUTORIZADO" and auth.numeroAutorizacion is None
    assert messages(auth) == [("58", "ERROR"), ("60", "ADVERTENCIA")]
    assert "fecha de emision" in auth.mensajes.mensaje[0].informacionAdicional


async def test_bad_check_digit(sri, creds):
    doc = Factura()
    doc.key = doc.clave[:48] + str((int(doc.clave[48]) + 1) % 10)
    auth = await decided(sri, sign_xades(doc.build(), creds), doc.key)
    assert messages(auth)[0] == ("58", "ERROR")
    assert "digito verificador" in auth.mensajes.mensaje[0].informacionAdicional
    unknown = Factura().clave[:48] + "x"
    answer = await sri.query(unknown)
    assert answer.numeroComprobantes == "0"
    assert messages(answer.autorizaciones.autorizacion[0]) == [("80", "ERROR")]


async def test_tampered_signature_is_39(sri, creds):
    doc = Factura()
    data = sign_xades(doc.build(), creds).replace(b"JUAN PEREZ", b"JUAN PEREA")
    auth = await decided(sri, data, doc.clave)
    assert auth.estado == "NO AUTORIZADO" and messages(auth)[0] == ("39", "ERROR")
    assert auth.mensajes.mensaje[0].mensaje == "FIRMA INVALIDA"


async def test_wrong_totals_are_52_and_the_fixed_document_is_authorized(sri, creds):
    doc = Factura(total_delta=Decimal("0.10"))
    auth = await decided(sri, sign_xades(doc.build(), creds), doc.clave)
    assert auth.estado == "NO AUTORIZADO" and messages(auth)[0] == ("52", "ERROR")
    assert auth.mensajes.mensaje[0].mensaje == "ERROR EN DIFERENCIAS"
    doc.total_delta = Decimal(0)
    assert (await sri.send(sign_xades(doc.build(), creds))).estado == "RECIBIDA"
    await asyncio.sleep(PROCESSING_DELAY)
    history = await sri.wait_decision(doc.clave)
    assert [a.estado for a in history.autorizaciones.autorizacion] == ["AUTORIZADO", "NO AUTORIZADO"]


async def test_unknown_key_has_no_authorizations(sri):
    answer = await sri.query(Factura().clave)
    assert answer.numeroComprobantes == "0" and answer.autorizaciones is None
