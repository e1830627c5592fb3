"""Fault injection: per document (campoAdicional SIM) and global (POST /_sim/faults)."""
from __future__ import annotations

import asyncio

import httpx
import pytest
import zeep.exceptions

from tests.sri_simulator.client import messages
from tests.sri_simulator.conftest import PROCESSING_DELAY
from tests.sri_simulator.docs import Factura
from tests.sri_simulator.signing import sign_xades

pytestmark = pytest.mark.integration
FAILURES = {
    "timeout": httpx.TimeoutException,
    "http500": zeep.exceptions.TransportError,
    "drop": httpx.RemoteProtocolError,
}


def signed(creds, sim: str | None = None) -> tuple[str, bytes]:
    doc = Factura(sim=sim)
    return doc.clave, sign_xades(doc.build(), creds)


async def counters(sri, key: str) -> tuple[int, int, int]:
    doc = (await sri.state(key))["documents"][key]
    return doc["receptions"], doc["accepted"], doc["authorized"]


@pytest.mark.parametrize("kind", FAILURES)
async def test_network_fault_on_every_attempt(impatient, kind, creds):
    key, data = signed(creds, kind)
    for _ in range(2):
        with pytest.raises(FAILURES[kind]):
            await impatient.send(data)
    assert await counters(impatient, key) == (2, 0, 0)


@pytest.mark.parametrize("kind", FAILURES)
async def test_once_faults_then_authorized_exactly_once(sri, impatient, kind, creds):
    key, data = signed(creds, f"{kind}_once")
    with pytest.raises(FAILURES[kind]):
        await impatient.send(data)
    assert (await sri.send(data)).estado == "RECIBIDA"
    assert (await sri.wait_decision(key)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"
    assert await counters(sri, key) == (2, 1, 1)


async def test_lost_answer_keeps_the_document(sri, creds):
    key, data = signed(creds, "lost_once")
    with pytest.raises(httpx.RemoteProtocolError):
        await sri.send(data)
    resent = messages((await sri.send(data)).comprobantes.comprobante[0])
    assert resent in ([("70", "ERROR")], [("43", "ERROR")])  # still processing, or already authorized
    assert (await sri.wait_decision(key)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"
    assert await counters(sri, key) == (2, 1, 1)


async def test_devuelta_with_a_chosen_code(sri, creds):
    key, data = signed(creds, "devuelta:65")
    answer = await sri.send(data)
    assert answer.estado == "DEVUELTA" and messages(answer.comprobantes.comprobante[0]) == [("65", "ERROR")]
    key, data = signed(creds, "devuelta_once:35")
    assert (await sri.send(data)).estado == "DEVUELTA"
    assert (await sri.send(data)).estado == "RECIBIDA"


async def test_no_autorizado_with_a_chosen_code(sri, creds):
    key, data = signed(creds, "no_autorizado:52")
    assert (await sri.send(data)).estado == "RECIBIDA"
    auth = (await sri.wait_decision(key)).autorizaciones.autorizacion[0]
    assert auth.estado == "NO AUTORIZADO" and messages(auth) == [("52", "ERROR"), ("60", "ADVERTENCIA")]
    key, data = signed(creds, "no_autorizado_once:39")
    assert (await sri.send(data)).estado == "RECIBIDA"
    assert (await sri.wait_decision(key)).autorizaciones.autorizacion[0].estado == "NO AUTORIZADO"
    assert (await sri.send(data)).estado == "RECIBIDA"
    await asyncio.sleep(PROCESSING_DELAY)
    assert (await sri.wait_decision(key)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"


async def test_authorize_after_n_polls(sri, creds):
    key, data = signed(creds, "authorize_after:3")
    assert (await sri.send(data)).estado == "RECIBIDA"
    await asyncio.sleep(PROCESSING_DELAY + 0.1)
    assert [(await sri.query(key)).numeroComprobantes for _ in range(2)] == ["0", "0"]
    messages_70 = messages((await sri.send(data)).comprobantes.comprobante[0])
    assert messages_70 == [("70", "ERROR")]
    third = await sri.query(key)
    assert third.numeroComprobantes == "1" and third.autorizaciones.autorizacion[0].estado == "AUTORIZADO"


async def test_global_faults_hit_both_endpoints_until_cleared(sri, creds, global_faults):
    key, data = signed(creds)
    assert await global_faults("http500") == {"spec": "http500"}
    assert (await sri.state())["faults"] == "http500"
    for call in (sri.send(data), sri.query(key)):
        with pytest.raises(zeep.exceptions.TransportError):
            await call
    await global_faults("http500_once,authorize_after:1")  # _once: per key, on its first attempt
    assert (await sri.send(data)).estado == "RECIBIDA"
    key, data = signed(creds)
    with pytest.raises(zeep.exceptions.TransportError):
        await sri.send(data)
    assert (await sri.send(data)).estado == "RECIBIDA"
    assert (await sri.query(key)).autorizaciones.autorizacion[0].estado == "AUTORIZADO"
    assert await counters(sri, key) == (2, 1, 1)


async def test_admin_endpoints(sri, simulator, creds):
    response = await sri.http.post(f"{simulator.url}/_sim/faults", json={"spec": "explode"})
    assert response.status_code == 400 and "explode" in response.json()["error"]
    before = (await sri.state())["totals"]
    key, data = signed(creds, "bogus")
    answer = await sri.send(data)
    assert "SIM" in answer.comprobantes.comprobante[0].mensajes.mensaje[0].informacionAdicional
    after = await sri.state()
    assert after["totals"]["receptions"] == before["receptions"] + 1
    assert after["documents"][key] == {"estado": None, "receptions": 1, "accepted": 0, "polls": 0,
                                       "authorized": 0, "not_authorized": 0}
    assert (await sri.http.get(f"{simulator.url}/_sim/faults")).json() == {"spec": ""}
