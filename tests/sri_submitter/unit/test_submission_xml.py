"""RPC submissions.xml: the `variant` (authorized by default, or signed), its file name, and the
Spanish 404 while that XML does not exist yet."""
from __future__ import annotations

import pytest

from services.sri_submitter.handlers.submissions import submission_xml
from shared.contracts.rpc import Identity, NotFound, RpcRequest, Unprocessable

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900120010010000000011234567815"
SIGNED, AUTHORIZED = "<factura/>", "<autorizacion/>"


class FakeConn:
    def __init__(self, row: dict | None):
        self.row = row

    async def fetchrow(self, sql: str, *args):
        return self.row


def submission(stage: str, signed: str | None = SIGNED, authorized: str | None = None) -> dict:
    return {"access_key": KEY, "stage": stage, "signed_xml": signed, "authorized_xml": authorized,
            "xml_path": "companies/5/x.xml" if authorized else None}


def request(variant: str | None = None) -> RpcRequest:
    return RpcRequest(method="submissions.xml", identity=Identity(company_id=5), path_params={"id": "9"},
                      query={} if variant is None else {"variant": variant})


async def test_authorized_is_the_default_and_named_after_the_key():
    reply = await submission_xml(request(), conn=FakeConn(submission("authorized", authorized=AUTHORIZED)))
    assert reply == {"access_key": KEY, "variant": "authorized", "file_name": f"{KEY}.xml",
                     "xml_path": "companies/5/x.xml", "xml": AUTHORIZED}


@pytest.mark.parametrize("stage", ["signed", "received", "not_authorized", "returned", "authorized"])
async def test_signed_is_there_once_signed_authorized_or_not(stage):
    authorized = AUTHORIZED if stage == "authorized" else None
    reply = await submission_xml(request("signed"), conn=FakeConn(submission(stage, authorized=authorized)))
    assert reply == {"access_key": KEY, "variant": "signed", "file_name": f"{KEY}-firmado.xml", "xml_path": None,
                     "xml": SIGNED}


@pytest.mark.parametrize(("variant", "row", "message"), [
    ("authorized", submission("received"), "El comprobante aún no está autorizado por el SRI."),
    ("authorized", submission("not_authorized"), "El comprobante aún no está autorizado por el SRI."),
    ("signed", submission("pending", signed=None), "El comprobante aún no está firmado."),
    ("signed", submission("error", signed=None), "El comprobante aún no está firmado."),
])
async def test_not_there_yet_is_a_spanish_404(variant, row, message):
    with pytest.raises(NotFound) as caught:
        await submission_xml(request(variant), conn=FakeConn(row))
    assert caught.value.body()["message"] == message


@pytest.mark.parametrize("variant", ["firmado", "AUTHORIZED", "pdf"])
async def test_another_variant_is_a_422_on_the_field(variant):
    with pytest.raises(Unprocessable) as caught:
        await submission_xml(request(variant), conn=FakeConn(submission("authorized", authorized=AUTHORIZED)))
    [text] = caught.value.body()["errors"]["variant"]
    assert text == "El valor del campo variant no es válido. Valores permitidos: authorized, signed."


async def test_an_unknown_document_is_404():
    with pytest.raises(NotFound):
        await submission_xml(request(), conn=FakeConn(None))
