"""Gateway routes of sri_submitter, against the real sri_submitter: the signing certificate
(multipart upload, read back), the document's SRI status, retry and the authorized XML."""
from __future__ import annotations

import pytest

from datetime import datetime, timezone

from services.sri_submitter.certificates import devcert
from services.sri_submitter.xml.authorization import authorization_document, comprobante_of
from shared.db.pool import create_pool
from tests.gateway.integration.conftest import DEMO
from tests.gateway.integration.factories import user_headers

pytestmark = pytest.mark.integration
PASSWORD = "clave ñ del .p12"
KEY = "2311202601179214673900110010020000000011234567818"
XML = '<?xml version="1.0" encoding="UTF-8"?><factura id="comprobante" version="1.1.0"></factura>'
AUTORIZACION = authorization_document(XML, KEY, datetime(2026, 2, 22, 15, tzinfo=timezone.utc), "PRUEBAS").decode()


@pytest.fixture(scope="module")
def submitter(gw_env, start_service):
    svc = start_service("sri_submitter", **gw_env)
    yield svc
    svc.stop()  # before gw_env's database and vhost go away


@pytest.fixture(scope="module")
def key_headers(demo, submitter) -> dict[str, str]:
    return {"X-API-Key": demo["api_key"]}


def upload(p12: bytes, password: str | None = PASSWORD, field: str = "certificate") -> dict:
    return {"files": {field: ("firma.p12", p12, "application/x-pkcs12")},
            "data": {} if password is None else {"password": password}}


async def test_upload_then_read_the_certificate(client, key_headers):
    resp = await client.put("/api/v1/company/settings/certificate", headers=key_headers,
                            **upload(devcert.generate_p12(DEMO["ruc"], PASSWORD)))
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["message"] == "Certificado de firma electrónica cargado correctamente."
    assert body["data"]["ruc"] == DEMO["ruc"] and body["data"]["days_left"] >= 363
    assert PASSWORD not in resp.text
    got = await client.get("/api/v1/company/settings/certificate", headers=key_headers)
    assert got.status_code == 200 and got.json() == {"data": body["data"]}
    again = await client.put("/api/v1/company/settings/certificate", headers=key_headers,
                             **upload(devcert.generate_p12(DEMO["ruc"], PASSWORD), field="file"))
    assert again.status_code == 200 and again.json()["data"]["serial_number"] != body["data"]["serial_number"]


@pytest.mark.parametrize(("kwargs", "field", "text"), [
    (upload(devcert.generate_p12(DEMO["ruc"], PASSWORD), password="otra"), "password", "contraseña"),
    (upload(devcert.generate_p12("0992339411001", PASSWORD)), "certificate", "RUC 0992339411001"),
    (upload(b"x" * (100 * 1024 + 1)), "certificate", "100 KB"),
    (upload(devcert.generate_p12(DEMO["ruc"], PASSWORD), password=None), "password", "obligatorio"),
    ({"data": {"password": PASSWORD}, "files": {"otro": ("a.txt", b"a")}}, "certificate", "obligatorio"),
    ({"json": {"password": PASSWORD}}, "certificate", "multipart/form-data"),
])
async def test_bad_uploads_are_422(client, key_headers, kwargs, field, text):
    resp = await client.put("/api/v1/company/settings/certificate", headers=key_headers, **kwargs)
    assert resp.status_code == 422, resp.text
    assert field in resp.json()["errors"] and text in resp.json()["errors"][field][0]


async def test_settings_write_is_needed_to_upload(client, gw_pool, demo, submitter):
    headers = await user_headers(gw_pool, client, demo["company_id"], "viewer")
    resp = await client.put("/api/v1/settings/certificate", headers=headers,
                            **upload(devcert.generate_p12(DEMO["ruc"], PASSWORD)))
    assert resp.status_code == 403


async def test_unknown_document_is_404_everywhere(client, key_headers):
    for method, path in (("GET", "/sri"), ("POST", "/sri/retry"), ("GET", "/xml")):
        resp = await client.request(method, f"/api/v1/company/documents/987654321{path}", headers=key_headers)
        assert resp.status_code == 404, (path, resp.text)


async def test_authorized_document_status_xml_and_retry(client, key_headers, gw_env, demo):
    pool = await create_pool(gw_env["DATABASE_URL"], "sri_submitter", max_size=1)
    try:
        await pool.execute(
            "INSERT INTO submissions (company_id, document_id, document_type, environment, issue_date, access_key, "
            "snapshot, stage, signed_xml, authorized_xml, xml_path, authorization_number, authorized_at) VALUES "
            "($1, 424242, 'invoice', 'test', current_date, $2, '{}', 'authorized', $3, $4, 'companies/x.xml', $5, "
            "now()) ON CONFLICT DO NOTHING", demo["company_id"], KEY, XML, AUTORIZACION, KEY)
    finally:
        await pool.close()
    status = await client.get("/api/v1/company/documents/424242/sri", headers=key_headers)
    assert status.status_code == 200 and status.json()["status"] == "authorized", status.text
    assert status.json()["access_key"] == KEY
    xml = await client.get("/api/v1/company/documents/424242/xml", headers=key_headers)
    assert xml.status_code == 200 and xml.headers["Content-Type"].startswith("application/xml")
    assert xml.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert xml.text == AUTORIZACION and comprobante_of(xml.content) == XML
    assert xml.headers["Content-Disposition"] == f'attachment; filename="{KEY}.xml"'
    signed = await client.get("/api/v1/company/documents/424242/xml?variant=signed", headers=key_headers)
    assert signed.status_code == 200 and signed.text == XML
    assert signed.headers["Content-Disposition"] == f'attachment; filename="{KEY}-firmado.xml"'
    bad = await client.get("/api/v1/company/documents/424242/xml?variant=pdf", headers=key_headers)
    assert bad.status_code == 422 and list(bad.json()["errors"]) == ["variant"], bad.text
    retry = await client.post("/api/v1/company/documents/424242/sri/retry", headers=key_headers)
    assert retry.status_code == 409 and retry.json()["message"] == "El comprobante ya está autorizado."
