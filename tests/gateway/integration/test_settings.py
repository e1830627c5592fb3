"""Company settings (and its event), API keys and users of a company."""
from __future__ import annotations

import pytest

from shared.contracts import Envelope
from shared.contracts.gateway import CompanyUpdated
from tests.gateway.integration.factories import (PASSWORD, login, make_company, make_key, make_user, random_ruc,
                                                 user_headers)

pytestmark = pytest.mark.integration


async def test_put_company_saves_merges_and_publishes_company_updated(client, gw_pool, events_queue):
    company = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, company, "admin")
    ruc = random_ruc()
    resp = await client.put("/api/v1/settings/company", headers=headers, json={
        "ruc": ruc, "trade_name": "Ferretería Ñandú", "address": "Av. Amazonas N34", "sri_environment": "production",
        "auto_email": False, "modules": ["settings", "sales", "inventory"], "unknown": 1})
    assert resp.status_code == 200, resp.text
    data = resp.json()["data"]
    assert data["ruc"] == ruc and data["trade_name"] == "Ferretería Ñandú"
    assert data["settings"]["sri_environment"] == "production" and data["settings"]["auto_email"] is False
    assert data["settings"]["default_series"] == "001-001" and data["modules"] == ["sales", "inventory", "settings"]
    partial = await client.put("/api/v1/settings/company", headers=headers, json={"address": "Quito"})
    assert partial.json()["data"]["trade_name"] == "Ferretería Ñandú"
    envelopes = []
    async with events_queue.iterator(timeout=10) as it:
        async for message in it:
            async with message.process():
                env = Envelope.model_validate_json(message.body)
            if env.company_id == company:
                envelopes.append(env)
            if len(envelopes) == 2:
                break
    first = CompanyUpdated.model_validate(envelopes[0].payload)
    assert (envelopes[0].type, envelopes[0].version) == ("gateway.company_updated", 1)
    assert first.company_id == company and first.ruc == ruc and first.modules == ["sales", "inventory", "settings"]
    assert first.settings["sri_environment"] == "production"
    assert CompanyUpdated.model_validate(envelopes[1].payload).address == "Quito"
    assert (await client.get("/api/v1/settings/company", headers=headers)).json()["data"]["address"] == "Quito"


async def test_put_company_validates_ruc_modules_and_unique_ruc(client, gw_pool, demo):
    company = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, company, "owner")
    bad = await client.put("/api/v1/settings/company", headers=headers, json={"ruc": "1792146739002x"})
    assert bad.status_code == 422 and bad.json()["errors"] == {"ruc": ["El RUC debe tener 13 dígitos."]}
    digit = await client.put("/api/v1/settings/company", headers=headers, json={"ruc": "1792146738001"})
    assert digit.json()["errors"]["ruc"] == ["El dígito verificador del RUC no es válido."]
    modules = await client.put("/api/v1/settings/company", headers=headers, json={"modules": ["sales"]})
    assert modules.status_code == 422 and "settings" in modules.json()["errors"]["modules"][0]
    series = await client.put("/api/v1/settings/company", headers=headers, json={"default_series": "1-1"})
    assert series.status_code == 422 and "default_series" in series.json()["errors"]
    taken = await client.put("/api/v1/settings/company", headers=headers, json={"ruc": "1792146739001"})
    assert taken.status_code == 409 and "RUC" in taken.json()["message"]


async def test_api_keys_are_shown_once_listed_without_secret_and_revoked(client, gw_pool):
    company = await make_company(gw_pool)
    _, admin_key = await make_key(gw_pool, company, ["settings:write", "sales:read"])
    headers = {"X-API-Key": admin_key}
    created = await client.post("/api/v1/company/settings/api-keys", headers=headers,
                                json={"name": "POS caja 1", "scopes": ["sales:read"]})
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    secret = data["api_key"]
    assert secret.startswith(f"ek_{data['prefix']}_") and data["scopes"] == ["sales:read"]
    me = await client.get("/api/v1/company/auth/me", headers={"X-API-Key": secret})
    assert me.json()["api_key"]["name"] == "POS caja 1"
    listed = (await client.get("/api/v1/company/settings/api-keys", headers=headers)).json()["data"]
    assert secret not in str(listed) and [k["name"] for k in listed] == ["test", "POS caja 1"]
    wider = await client.post("/api/v1/company/settings/api-keys", headers=headers,
                              json={"name": "x", "scopes": ["payments:write"]})
    assert wider.status_code == 403
    invalid = await client.post("/api/v1/company/settings/api-keys", headers=headers,
                                json={"name": "x", "scopes": ["sales:delete"]})
    assert invalid.status_code == 422 and "scopes" in invalid.json()["errors"]
    revoked = await client.delete(f"/api/v1/company/settings/api-keys/{data['id']}", headers=headers)
    assert revoked.status_code == 200
    assert (await client.get("/api/v1/company/auth/me", headers={"X-API-Key": secret})).status_code == 401
    listed = (await client.get("/api/v1/company/settings/api-keys", headers=headers)).json()["data"]
    assert listed[1]["revoked_at"] is not None and listed[0]["last_used_at"] is not None


async def test_replayed_key_creation_does_not_reveal_the_secret_again(client, demo):
    headers = {"X-API-Key": demo["api_key"], "Idempotency-Key": "new-key-1"}
    body = {"name": "Integración", "scopes": ["sales:write"]}
    first = await client.post("/api/v1/company/settings/api-keys", headers=headers, json=body)
    again = await client.post("/api/v1/company/settings/api-keys", headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert first.json()["data"]["api_key"] and again.json()["data"]["api_key"] is None
    assert again.json()["data"]["id"] == first.json()["data"]["id"]


async def test_users_add_new_and_existing_ones(client, gw_pool):
    company = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, company, "admin")
    new = await client.post("/api/v1/settings/users", headers=headers,
                            json={"email": "Nueva.Cajera@Example.com", "name": "Nueva", "role": "cashier",
                                  "password": "clave-segura-1"})
    assert new.status_code == 201, new.text
    assert new.json()["data"]["email"] == "nueva.cajera@example.com"
    assert (await client.post("/api/v1/auth/login", json={"email": "nueva.cajera@example.com",
                                                          "password": "clave-segura-1"})).status_code == 200
    elsewhere = await make_company(gw_pool)
    other_id, other_email = await make_user(gw_pool, elsewhere, "viewer")
    joined = await client.post("/api/v1/settings/users", headers=headers,
                               json={"email": other_email, "role": "seller", "password": PASSWORD})
    assert joined.status_code == 201 and joined.json()["data"]["id"] == other_id
    login_body = (await client.post("/api/v1/auth/login", json={"email": other_email, "password": PASSWORD})).json()
    assert {c["id"]: c["role"] for c in login_body["companies"]} == {elsewhere: "viewer", company: "seller"}
    again = await client.post("/api/v1/settings/users", headers=headers,
                              json={"email": other_email, "role": "seller", "password": PASSWORD})
    assert again.status_code == 409
    missing = await client.post("/api/v1/settings/users", headers=headers, json={"email": "x@y.ec", "role": "seller"})
    assert missing.status_code == 422 and set(missing.json()["errors"]) == {"password"}


async def test_another_companys_user_joins_only_with_their_password_and_nothing_leaks(client, gw_pool):
    """Without the user's current password the answer is the same 422 whether the e-mail is registered
    elsewhere or not: no membership, no name, no hint."""
    company = await make_company(gw_pool)
    headers = await user_headers(gw_pool, client, company, "admin")
    elsewhere = await make_company(gw_pool)
    other_id, other_email = await make_user(gw_pool, elsewhere, "viewer")
    unknown = f"nadie-{other_id}@example.com"
    answers = []
    for body in ({"email": other_email, "password": "no-es-la-clave"}, {"email": unknown, "password": "no-es-la-clave"},
                 {"email": other_email, "name": "Impostor", "password": "no-es-la-clave"},
                 {"email": other_email}, {"email": unknown}):
        resp = await client.post("/api/v1/settings/users", headers=headers, json={**body, "role": "owner"})
        assert resp.status_code == 422, resp.text
        answers.append(resp.json())
    assert answers[0] == answers[1] == answers[2] and answers[3] == answers[4]
    assert "registrado" in answers[0]["message"] and set(answers[0]) == {"message", "errors"}
    listed = (await client.get("/api/v1/settings/users", headers=headers)).json()["data"]
    assert other_id not in [u["id"] for u in listed]
    login_body = (await client.post("/api/v1/auth/login", json={"email": other_email, "password": PASSWORD})).json()
    assert [c["id"] for c in login_body["companies"]] == [elsewhere]
    assert (await client.post("/api/v1/auth/login", json={"email": unknown, "password": "no-es-la-clave"})
            ).status_code == 401  # the refused unknown e-mail was not created either


async def test_users_change_role_remove_and_keep_an_owner(client, gw_pool):
    company = await make_company(gw_pool)
    owner_id, _ = await make_user(gw_pool, company, "owner")
    other_id, other_email = await make_user(gw_pool, company, "seller")
    headers = await user_headers(gw_pool, client, company, "admin")
    users = f"/api/v1/settings/users/{other_id}"
    changed = await client.put(users, headers=headers, json={"role": "viewer"})
    assert changed.status_code == 200 and changed.json()["data"]["role"] == "viewer"
    demote = await client.put(f"/api/v1/settings/users/{owner_id}", headers=headers, json={"role": "admin"})
    assert demote.status_code == 409 and "owner" in demote.json()["message"]
    assert (await client.delete(f"/api/v1/settings/users/{owner_id}", headers=headers)).status_code == 409
    assert (await client.delete(users, headers=headers)).status_code == 200
    token = await login(client, other_email)
    gone = await client.get("/api/v1/settings/company", headers={"Authorization": f"Bearer {token}",
                                                                  "X-Company-Id": str(company)})
    assert gone.status_code == 403
    listed = (await client.get("/api/v1/settings/users", headers=headers)).json()["data"]
    assert other_id not in [u["id"] for u in listed] and owner_id in [u["id"] for u in listed]
