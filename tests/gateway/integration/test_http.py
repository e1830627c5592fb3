"""HTTP conventions: request ids, error bodies, bad JSON, unknown routes, operations endpoints, logs."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_request_id_is_echoed_or_generated_even_on_errors(client, demo):
    key = {"X-API-Key": demo["api_key"]}
    echoed = await client.get("/api/v1/company/auth/me", headers={**key, "X-Request-Id": "req-abc.123"})
    assert echoed.headers["X-Request-Id"] == "req-abc.123"
    generated = await client.get("/api/v1/company/auth/me", headers=key)
    assert len(generated.headers["X-Request-Id"]) == 32
    failed = await client.get("/api/v1/company/auth/me", headers={"X-Request-Id": "req-401"})
    assert failed.status_code == 401 and failed.headers["X-Request-Id"] == "req-401"
    for bad in ("bad id with spaces", "", "x" * 129):  # refused as the document's pattern says
        refused = await client.get("/api/v1/company/auth/me", headers={**key, "X-Request-Id": bad})
        assert refused.status_code == 422 and list(refused.json()["errors"]) == ["X-Request-Id"]
        assert refused.headers["X-Request-Id"] not in ("", bad)


async def test_bad_json_is_422_with_the_body_error(client, demo):
    headers = {"X-API-Key": demo["api_key"], "Content-Type": "application/json"}
    for path in ("/api/v1/company/customers", "/api/v1/company/settings/api-keys"):
        resp = await client.post(path, content=b'{"name": ', headers=headers)
        assert resp.status_code == 422, resp.text
        body = resp.json()
        assert body["message"] == "El cuerpo de la solicitud no es JSON válido."
        assert list(body["errors"]) == ["body"] and body["errors"]["body"][0].startswith("Error de sintaxis")
    login = await client.post("/api/v1/auth/login", content=b"not json")
    assert login.status_code == 422 and login.json()["message"] == "El cuerpo de la solicitud no es JSON válido."


async def test_unknown_route_is_404_and_wrong_method_405_with_error_body(client, demo):
    key = {"X-API-Key": demo["api_key"]}
    for path in ("/api/v1/company/no-such-thing", "/api/v1/no-such-thing", "/api/v2/customers"):
        resp = await client.get(path, headers=key)
        assert resp.status_code == 404 and resp.json() == {"message": "Recurso no encontrado."}
    wrong = await client.patch("/api/v1/company/customers", headers=key)
    assert wrong.status_code == 405 and wrong.json()["message"]
    assert "GET" in wrong.headers["Allow"]
    login_in_key_context = await client.post("/api/v1/company/auth/login", json={})
    assert login_in_key_context.status_code == 404


async def test_health_ready_and_metrics_need_no_auth(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    parts = ("database", "broker", "rpc_replies", "publisher")
    assert ready.status_code == 200 and ready.json()["checks"] == dict.fromkeys(parts, True)
    metrics = await client.get("/metrics")
    assert metrics.status_code == 200 and "http_requests_total" in metrics.text
    assert 'route="/api/v1/company/auth/me"' in metrics.text


async def test_no_secret_reaches_the_logs(client, gateway, demo):
    resp = await client.post("/api/v1/auth/login", json={"email": demo["user_email"],
                                                          "password": demo["user_password"]})
    token = resp.json()["token"]
    await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    await client.get("/api/v1/company/auth/me", headers={"X-API-Key": demo["api_key"]})
    await client.post("/api/v1/auth/login", json={"email": demo["user_email"], "password": "wrong-pass-xyz"})
    logs = gateway.logs()
    assert '"route":"/api/v1/auth/login"' in logs
    for secret in (token, demo["api_key"], demo["user_password"], "wrong-pass-xyz"):
        assert secret not in logs
