"""Every authentication and tenancy case of API.md (401/403/404), both contexts."""
from __future__ import annotations

import pytest

from services.gateway.domain.credentials import hash_secret, new_session_token
from tests.gateway.integration.factories import login, make_company, make_key, make_user, user_headers

pytestmark = pytest.mark.integration
SETTINGS = "/api/v1/settings/company"
KEY_SETTINGS = "/api/v1/company/settings/company"


def assert_error(resp, status: int, text: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert isinstance(body["message"], str) and body["message"]
    if text is not None:
        assert text in body["message"]
    return body


async def test_login_returns_token_user_and_companies(client, demo):
    resp = await client.post("/api/v1/auth/login", json={"email": "Demo@Example.com", "password": "demo1234"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert len(body["token"]) >= 32 and body["expires_at"].endswith("-05:00")
    assert body["user"]["email"] == "demo@example.com" and set(body["user"]) == {"id", "name", "email"}
    assert body["companies"] == [{"id": demo["company_id"], "name": "Empresa Demo S.A.",
                                  "ruc": "1792146739001", "role": "owner"}]


async def test_login_bad_password_unknown_email_and_missing_fields(client, demo):
    bad = await client.post("/api/v1/auth/login", json={"email": "demo@example.com", "password": "nope"})
    assert assert_error(bad, 401) == {"message": "Credenciales inválidas."}
    unknown = await client.post("/api/v1/auth/login", json={"email": "nobody@example.com", "password": "x"})
    assert assert_error(unknown, 401) == {"message": "Credenciales inválidas."}
    missing = await client.post("/api/v1/auth/login", json={"email": "demo@example.com"})
    body = assert_error(missing, 422)
    assert body["errors"] == {"password": ["El campo password es obligatorio."]}


async def test_missing_and_invalid_credentials_are_401(client):
    assert_error(await client.get(SETTINGS, headers={"X-Company-Id": "1"}), 401, "token")
    assert_error(await client.get(KEY_SETTINGS), 401, "X-API-Key")
    assert_error(await client.get(SETTINGS, headers={"Authorization": "Bearer nope", "X-Company-Id": "1"}), 401)
    assert_error(await client.get(SETTINGS, headers={"Authorization": "Basic abc", "X-Company-Id": "1"}), 401)
    assert_error(await client.get(KEY_SETTINGS, headers={"X-API-Key": "ek_nothing_here"}), 401)


async def test_expired_token_is_401(client, gw_pool, demo):
    user_id, _ = await make_user(gw_pool, demo["company_id"])
    token = new_session_token()
    await gw_pool.execute("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() - "
                          "interval '1 second')", hash_secret(token), user_id)
    headers = {"Authorization": f"Bearer {token}", "X-Company-Id": str(demo["company_id"])}
    resp = await client.get(SETTINGS, headers=headers)
    assert_error(resp, 401, "expiró")


async def test_logged_out_token_is_401(client, gw_pool, demo):
    headers = await user_headers(gw_pool, client, demo["company_id"])
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 200
    assert_error(await client.get("/api/v1/auth/me", headers=headers), 401)
    assert_error(await client.get(SETTINGS, headers=headers), 401)


async def test_user_of_another_company_or_without_company_is_403(client, gw_pool, demo):
    other = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, other)
    assert (await client.get(SETTINGS, headers=headers)).status_code == 200
    wrong = {**headers, "X-Company-Id": str(demo["company_id"])}
    assert_error(await client.get(SETTINGS, headers=wrong), 403, "empresa")
    assert_error(await client.get(SETTINGS, headers={"Authorization": headers["Authorization"]}), 403)
    assert_error(await client.get(SETTINGS, headers={**headers, "X-Company-Id": "abc"}), 403)


async def test_revoked_key_is_401(client, gw_pool, demo):
    key_id, key = await make_key(gw_pool, demo["company_id"], ["inventory:read"])
    owner = {"X-API-Key": demo["api_key"]}
    assert (await client.get("/api/v1/company/auth/me", headers={"X-API-Key": key})).status_code == 200
    resp = await client.delete(f"/api/v1/company/settings/api-keys/{key_id}", headers=owner)
    assert resp.status_code == 200, resp.text
    assert_error(await client.get("/api/v1/company/auth/me", headers={"X-API-Key": key}), 401, "revocada")


async def test_module_not_enabled_is_403_for_keys_and_users(client, gw_pool):
    company = await make_company(gw_pool, modules=("sales", "settings"))
    _, key = await make_key(gw_pool, company, ["inventory:write", "settings:read"])
    resp = await client.get("/api/v1/company/inventory/stock", headers={"X-API-Key": key})
    assert_error(resp, 403, "módulo inventory no está habilitado")
    headers = await user_headers(gw_pool, client, company, "owner")
    assert_error(await client.get("/api/v1/products", headers=headers), 403, "inventory")


async def test_key_scope_missing_is_403(client, gw_pool, demo):
    _, key = await make_key(gw_pool, demo["company_id"], ["sales:read"])
    headers = {"X-API-Key": key}
    assert_error(await client.post("/api/v1/company/customers", json={}, headers=headers), 403, "sales:write")
    assert_error(await client.get("/api/v1/company/products", headers=headers), 403, "inventory:read")
    assert_error(await client.get(KEY_SETTINGS, headers=headers), 403, "settings:read")


@pytest.mark.parametrize("role, method, path", [
    ("seller", "PUT", SETTINGS), ("seller", "POST", "/api/v1/inventory/movements"),
    ("cashier", "GET", "/api/v1/products"), ("viewer", "POST", "/api/v1/customers"),
    ("viewer", "GET", "/api/v1/settings/users"), ("admin", "PATCH", SETTINGS),
])
async def test_role_lacking_the_verb_is_403(client, gw_pool, demo, role, method, path):
    headers = await user_headers(gw_pool, client, demo["company_id"], role)
    resp = await client.request(method, path, headers=headers, json={})
    if method == "PATCH":  # a method no route has stays a 405, whoever asks
        assert_error(resp, 405)
    else:
        assert_error(resp, 403, "rol")


async def test_another_companys_ids_are_404(client, gw_pool, demo):
    other = await make_company(gw_pool)
    key_id, _ = await make_key(gw_pool, other, ["sales:read"])
    user_id, _ = await make_user(gw_pool, other, "seller")
    owner = {"X-API-Key": demo["api_key"]}
    assert_error(await client.delete(f"/api/v1/company/settings/api-keys/{key_id}", headers=owner), 404)
    resp = await client.put(f"/api/v1/company/settings/users/{user_id}", json={"role": "viewer"}, headers=owner)
    assert_error(resp, 404)
    assert_error(await client.delete("/api/v1/company/settings/api-keys/abc", headers=owner), 404)
    still = await gw_pool.fetchval("SELECT revoked_at FROM api_keys WHERE id = $1", key_id)
    assert still is None


async def test_me_in_both_contexts_and_key_ignores_x_company_id(client, gw_pool, demo):
    _, email = await make_user(gw_pool, demo["company_id"], "viewer")
    token = await login(client, email)
    me = (await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})).json()
    assert me["user"]["email"] == email and me["companies"][0]["role"] == "viewer"
    other = await make_company(gw_pool)
    foreign = {"X-API-Key": demo["api_key"], "X-Company-Id": str(other)}
    resp = await client.get("/api/v1/company/auth/me", headers=foreign)
    assert resp.status_code == 200
    assert resp.json()["company"]["id"] == demo["company_id"]
    settings = await client.get(KEY_SETTINGS, headers=foreign)
    assert settings.json()["data"]["id"] == demo["company_id"]
