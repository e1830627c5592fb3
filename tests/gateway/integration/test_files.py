"""GET /documents/{id}/pdf: where the RIDE is comes from renderer_mailer's `renders.get` (a fake RPC
server here), the file itself from the file store the gateway shares (FILE_STORE_DIR)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.gateway.views.files import PDF_MISSING
from shared.contracts.rpc import NotFound, RpcRequest
from shared.messaging.connection import connect, plain_channel
from shared.messaging.rpc import RpcServer
from shared.storage import LocalFileStore, document_path

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7\n% a RIDE\n%%EOF\n"
NOT_RENDERED = "El RIDE del comprobante aún no está generado."
FILE_NAME = "Factura-001-001-000000120.pdf"


class FakeRenderer:
    """`renders.get` as renderer_mailer answers it: the rendered PDF of a document, or 404."""

    def __init__(self):
        self.renders: dict[str, dict] = {}
        self.calls: list[RpcRequest] = []

    async def get(self, req: RpcRequest):
        self.calls.append(req)
        if req.path_params["id"] not in self.renders:
            raise NotFound(NOT_RENDERED)
        return {"data": self.renders[req.path_params["id"]]}

    def rendered(self, document_id: int, pdf_path: str, file_name: str = FILE_NAME) -> None:
        self.renders[str(document_id)] = {"document_id": document_id, "pdf_path": pdf_path, "file_name": file_name,
                                          "content_type": "application/pdf", "rendered_at": "2026-02-22T10:00:00-05:00"}


@pytest.fixture(scope="module")
async def renderer(gw_env, gw_pool):
    fake = FakeRenderer()
    conn = await connect(gw_env["AMQP_URL"], "fake-renderer")
    server = RpcServer(gw_pool, await plain_channel(conn), "renderer_mailer", {"renders.get": fake.get})
    await server.start()
    yield fake
    await server.stop(1)
    await conn.close()


@pytest.fixture(scope="module")
async def stored_pdf(gw_env, demo, renderer) -> str:
    """A RIDE in the gateway's file store, rendered for document 5001."""
    path = document_path(demo["company_id"], "pdf", date(2026, 2, 22), FILE_NAME)
    await LocalFileStore(Path(gw_env["FILE_STORE_DIR"])).put(path, PDF)
    renderer.rendered(5001, path)
    return path


@pytest.fixture
def headers(demo) -> dict[str, str]:
    return {"X-API-Key": demo["api_key"]}


async def test_the_ride_is_streamed_inline_with_etag(client, headers, stored_pdf, renderer):
    resp = await client.get("/api/v1/company/documents/5001/pdf", headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.content == PDF and resp.headers["Content-Type"] == "application/pdf"
    assert resp.headers["Content-Disposition"] == f'inline; filename="{FILE_NAME}"'
    assert resp.headers["ETag"] and resp.headers["Last-Modified"]
    assert renderer.calls[-1].path_params == {"id": "5001"}
    again = await client.get("/api/v1/company/documents/5001/pdf",
                             headers={**headers, "If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize(("download", "kind"), [("1", "attachment"), ("true", "attachment"), ("0", "inline")])
async def test_download_makes_it_an_attachment(client, headers, stored_pdf, download, kind):
    resp = await client.get("/api/v1/company/documents/5001/pdf", params={"download": download}, headers=headers)
    assert resp.status_code == 200 and resp.content == PDF
    assert resp.headers["Content-Disposition"] == f'{kind}; filename="{FILE_NAME}"'


async def test_another_download_value_is_a_422(client, headers, stored_pdf):
    resp = await client.get("/api/v1/company/documents/5001/pdf?download=si", headers=headers)
    assert resp.status_code == 422 and list(resp.json()["errors"]) == ["download"], resp.text


async def test_not_rendered_is_the_renderers_404(client, headers, renderer):
    resp = await client.get("/api/v1/company/documents/5002/pdf", headers=headers)
    assert resp.status_code == 404 and resp.json()["message"] == NOT_RENDERED


@pytest.mark.parametrize("pdf_path", ["companies/1/documents/sales/pdf/2026/02/gone.pdf", "../outside.pdf", ""])
async def test_a_file_missing_from_the_store_is_a_spanish_404(client, headers, renderer, pdf_path):
    renderer.rendered(5003, pdf_path)
    resp = await client.get("/api/v1/company/documents/5003/pdf", headers=headers)
    assert resp.status_code == 404 and resp.json() == {"message": PDF_MISSING}
