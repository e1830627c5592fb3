"""The foundation end to end: HTTP through the gateway, RPC over RabbitMQ to the
owning service, events through the outbox to another service's read model, and
faults (a stopped service, a killed worker)."""
from __future__ import annotations

import time

import pytest

from tests import harness
from tests.e2e.conftest import DOCUMENTS_ENV

pytestmark = pytest.mark.e2e


async def test_lookup_establishments_over_rpc(api):
    created = await api.post("/establishments", json={"code": "001", "name": "Matriz Quito"})
    assert created.status_code == 201, created.text
    est_id = created.json()["data"]["id"]
    pos = await api.post("/points-of-sale", json={"establishment_id": est_id, "code": "002"})
    assert pos.status_code == 201, pos.text
    resp = await api.get("/documents/lookups/establishments", params={"type": "invoice"})
    assert resp.status_code == 200
    assert resp.json() == {"data": [{"id": est_id, "code": "001", "name": "Matriz Quito"}]}
    assert resp.headers["X-Request-Id"]
    points = await api.get("/documents/lookups/points-of-sale", params={"type": "invoice", "establishment": "001"})
    assert points.json()["data"] == [{"id": pos.json()["data"]["id"], "establishment_id": est_id,
                                      "name": "Punto 001-002", "code": "002", "series": "001-002"}]


async def test_user_context_reaches_the_same_data(api, platform):
    tenant = platform["tenant"]
    login = await api.post(platform["gateway"].url + "/api/v1/auth/login",
                           json={"email": tenant["user_email"], "password": tenant["user_password"]})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['token']}", "X-Company-Id": str(tenant["company_id"])}
    resp = await api.get(platform["gateway"].url + "/api/v1/documents/lookups/establishments",
                         params={"type": "invoice"}, headers={**headers, "X-API-Key": ""})
    assert resp.status_code == 200, resp.text


async def test_company_update_reaches_documents_read_model_once(api, call, platform):
    resp = await api.put("/settings/company", json={"legal_name": "Empresa Renombrada S.A."})
    assert resp.status_code == 200, resp.text
    company_id = platform["tenant"]["company_id"]

    async def renamed():
        reply = await call("documents", "companies.get", company_id=company_id)
        return reply.status == 200 and reply.body.get("legal_name") == "Empresa Renombrada S.A."
    await harness.eventually(renamed, timeout=15)


async def test_stopped_service_is_a_quick_503_then_recovers(api, platform, start_service):
    platform["sequencing"].stop()
    started = time.monotonic()
    resp = await api.get("/documents/lookups/establishments", params={"type": "invoice"})
    assert resp.status_code == 503
    assert time.monotonic() - started < 4.5  # the gateway's RPC timeout is 3 s here
    assert set(resp.json()) == {"message"} and resp.json()["message"]
    platform["sequencing"] = start_service("sequencing")
    resp = await api.get("/documents/lookups/establishments", params={"type": "invoice"})
    assert resp.status_code == 200


async def test_killed_worker_loses_no_event(api, call, platform, start_service):
    """SIGKILL documents; events published meanwhile wait in its queue and are
    applied once when it comes back."""
    platform["documents"].kill()
    for n in range(3):
        resp = await api.put("/settings/company", json={"trade_name": f"Nombre {n}"})
        assert resp.status_code == 200
    platform["documents"] = start_service("documents", **DOCUMENTS_ENV)
    company_id = platform["tenant"]["company_id"]

    async def latest():
        reply = await call("documents", "companies.get", company_id=company_id)
        return reply.status == 200 and reply.body.get("trade_name") == "Nombre 2"
    await harness.eventually(latest, timeout=15)


async def test_no_secret_reaches_the_logs(api, platform):
    tenant = platform["tenant"]
    await api.post(platform["gateway"].url + "/api/v1/auth/login",
                   json={"email": tenant["user_email"], "password": "wrong-password-123"})
    await api.get("/nope", headers={"Authorization": "Bearer not-a-real-token-123456"})
    secrets = [tenant["api_key"], tenant["user_password"], "wrong-password-123", "not-a-real-token-123456"]
    for name in ("gateway", "sequencing", "documents", "inventory"):
        logs = platform[name].logs()
        assert logs, f"{name} wrote no log"
        leaked = [s for s in secrets if s in logs]
        assert leaked == [], f"{name} logged a secret"
