"""certificates.put / certificates.get, and what a missing, expired or wrong-RUC certificate does
to a document (error with a readable message; retry after uploading one resumes it)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from services.sri_submitter.certificates import devcert
from tests.sri_submitter.integration.conftest import PASSWORD, upload_body
from tests.sri_submitter.integration.support import document, final_state
from tests.sri_submitter.snapshots import RUC

pytestmark = pytest.mark.integration
OTHER_RUC = "0992339411001"


def new_company() -> int:
    return random.randint(10**6, 2**31 - 1)


def expired_p12(ruc: str = RUC) -> bytes:
    key = devcert.new_key()
    start = datetime.now(timezone.utc) - timedelta(days=400)
    return devcert.to_p12(key, devcert.make_certificate(key, ruc, not_before=start, days=30), PASSWORD)


async def test_upload_and_read_back_without_the_password(sri_call, submitter):
    company = new_company()
    assert (await sri_call("certificates.get", company_id=company)).body == {
        "message": "La empresa no tiene certificado de firma."}
    p12 = devcert.generate_p12(RUC, PASSWORD)
    reply = await sri_call("certificates.put", company_id=company, body=upload_body(p12))
    assert reply.status == 200, reply.body
    data = reply.body["data"]
    assert set(data) == {"subject", "ruc", "valid_from", "valid_to", "days_left", "serial_number", "issuer"}
    assert data["ruc"] == RUC and data["days_left"] in (363, 364)
    got = await sri_call("certificates.get", company_id=company)
    assert got.status == 200 and got.body["data"] == data
    assert PASSWORD not in str(reply.body) + submitter.logs()


@pytest.mark.parametrize(("p12", "password", "ruc", "field", "text"), [
    (lambda: devcert.generate_p12(RUC, PASSWORD), "otra", RUC, "password", "contraseña"),
    (lambda: devcert.generate_p12(OTHER_RUC, PASSWORD), PASSWORD, RUC, "certificate", f"RUC {OTHER_RUC}"),
    (expired_p12, PASSWORD, RUC, "certificate", "venció"),
    (lambda: b"no es un p12", PASSWORD, RUC, "password", "no es un .p12"),
    (lambda: b"x" * (100 * 1024 + 1), PASSWORD, RUC, "certificate", "100 KB"),
])
async def test_bad_uploads_are_422(sri_call, p12, password, ruc, field, text):
    reply = await sri_call("certificates.put", company_id=new_company(), body=upload_body(p12(), password, ruc))
    assert reply.status == 422 and list(reply.body["errors"]) == [field], reply.body
    assert text in reply.body["errors"][field][0]


async def test_no_certificate_then_upload_and_retry(bus, sri_call, submitter):
    company = new_company()
    doc = document(company_id=company)
    await bus.publish(doc, company_id=company)
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "error" and state["messages"][0]["code"] == "CERTIFICATE_MISSING"
    assert "no tiene certificado" in state["messages"][0]["mensaje"]
    [event] = await bus.wait_for(company, "sri.document_rejected", document_id=doc.document_id)
    assert event.payload["status"] == "error"
    await sri_call("certificates.put", company_id=company, body=upload_body(devcert.generate_p12(RUC, PASSWORD)))
    await sri_call("submissions.retry", company_id=company, path_params={"id": str(doc.document_id)})
    final = await final_state(sri_call, company, doc.document_id)
    assert (final["status"], final["access_key"]) == ("authorized", state["access_key"])


async def test_certificate_of_another_ruc_or_expired_stops_the_document(bus, sri_call, submitter, sri_env):
    company = new_company()  # its certificate is valid, but for another RUC than the document's issuer
    await sri_call("certificates.put", company_id=company,
                   body=upload_body(devcert.generate_p12(OTHER_RUC, PASSWORD), ruc=OTHER_RUC))
    doc = document(company_id=company)
    await bus.publish(doc, company_id=company)
    state = await final_state(sri_call, company, doc.document_id)
    assert state["status"] == "error" and state["messages"][0]["code"] == "CERTIFICATE_RUC_MISMATCH"
    expired = new_company()
    await store_directly(sri_env, expired, expired_p12())
    doc = document(company_id=expired)
    await bus.publish(doc, company_id=expired)
    state = await final_state(sri_call, expired, doc.document_id)
    assert state["status"] == "error" and "venció" in state["messages"][0]["mensaje"]
    assert state["messages"][0]["hint"].startswith("Cargue el certificado")


async def store_directly(sri_env, company: int, p12: bytes) -> None:
    """An expired certificate cannot be uploaded (422); put one in the table as if it had aged."""
    from services.sri_submitter.certificates import store
    from services.sri_submitter.certificates.pkcs12 import read_p12
    from shared.db.pool import create_pool

    pool = await create_pool(sri_env["DATABASE_URL"], "sri_submitter", max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await store.save(conn, company, p12, PASSWORD, "test-secret-key-please-change-0123456789",
                                  read_p12(p12, PASSWORD))
    finally:
        await pool.close()
