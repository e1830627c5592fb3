"""Pure gateway rules: permissions, scopes, keys, fingerprints, RUC."""
from __future__ import annotations

import re

import pytest

from services.gateway.domain import (MODULES, ROLES, Principal, access_denial, all_write_scopes, hash_secret,
                                     key_prefix, last_owner_removed, new_api_key, parse_scope,
                                     request_fingerprint, role_allows, role_scopes, ruc_errors, scopes_allow,
                                     scopes_within)

pytestmark = pytest.mark.unit

EXPECTED = {  # role -> {module: verbs}
    "owner": {m: "rw" for m in MODULES},
    "admin": {m: "rw" for m in MODULES},
    "seller": {"sales": "rw", "inventory": "r", "payments": "r", "reports": "r", "settings": ""},
    "cashier": {"payments": "rw", "sales": "r", "reports": "r", "inventory": "", "settings": ""},
    "viewer": {"sales": "r", "inventory": "r", "payments": "r", "reports": "r", "settings": ""},
}


@pytest.mark.parametrize("role", ROLES)
def test_role_permissions_match_the_table(role):
    for module in MODULES:
        verbs = EXPECTED[role][module]
        assert role_allows(role, module, "read") == ("r" in verbs)
        assert role_allows(role, module, "write") == ("w" in verbs)


def test_unknown_role_and_module_allow_nothing():
    assert not role_allows(None, "sales", "read")
    assert not role_allows("root", "sales", "read")
    assert not role_allows("owner", "webhooks", "read")


def test_write_scope_implies_read_but_not_the_reverse():
    assert scopes_allow(["sales:write"], "sales", "read")
    assert scopes_allow(["sales:write"], "sales", "write")
    assert scopes_allow(("sales:read",), "sales", "read")
    assert not scopes_allow(["sales:read"], "sales", "write")
    assert not scopes_allow(["inventory:write"], "sales", "read")
    assert not scopes_allow([], "sales", "read")


def test_parse_scope():
    assert parse_scope("inventory:read") == ("inventory", "read")
    for bad in ("inventory", "inventory:delete", "webhooks:read", ":read", "sales:write:x"):
        assert parse_scope(bad) is None


def test_role_scopes_spell_the_role_as_scopes():
    assert role_scopes("cashier") == ("sales:read", "payments:read", "payments:write", "reports:read")
    assert role_scopes("nobody") == ()
    assert set(all_write_scopes()) == {f"{m}:write" for m in MODULES}


def test_access_denial_checks_module_then_scope_or_role():
    key = Principal("key", 1, api_key_id=3, scopes=("sales:read",), modules=("sales", "settings"))
    assert access_denial(key, "sales", "read") is None
    assert "sales:write" in access_denial(key, "sales", "write")
    assert "no está habilitado" in access_denial(key, "inventory", "read")
    seller = Principal("user", 1, user_id=2, role="seller")
    assert access_denial(seller, "sales", "write") is None
    assert "rol" in access_denial(seller, "settings", "read")
    disabled = Principal("user", 1, user_id=2, role="owner", modules=("sales", "settings"))
    assert "módulo payments" in access_denial(disabled, "payments", "read")


def test_a_key_only_grants_scopes_it_holds():
    held = ("sales:write", "inventory:read", "settings:write")
    assert scopes_within(["sales:read", "sales:write", "inventory:read"], held)
    assert not scopes_within(["inventory:write"], held)
    assert not scopes_within(["nonsense"], held)


def test_new_api_keys_have_the_format_and_are_unique():
    keys = {new_api_key() for _ in range(50)}
    assert len(keys) == 50
    for key, prefix in keys:
        assert re.fullmatch(r"ek_[a-z0-9]{8}_[A-Za-z0-9]{40}", key)
        assert key_prefix(key) == prefix and key.startswith(f"ek_{prefix}_")
    assert key_prefix("demo-key-0123456789") == "demo-k"


def test_hash_secret_is_sha256_hex():
    assert hash_secret("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_fingerprint_ignores_json_formatting_but_not_content():
    base = request_fingerprint("POST", "/api/v1/customers", b'{"a": 1, "b": [1, 2]}')
    assert request_fingerprint("post", "/api/v1/customers", b'{"b":[1,2],"a":1}') == base
    assert request_fingerprint("POST", "/api/v1/customers", b'{"a": 2, "b": [1, 2]}') != base
    assert request_fingerprint("PUT", "/api/v1/customers", b'{"a": 1, "b": [1, 2]}') != base
    assert request_fingerprint("POST", "/api/v1/customers?x=1", b'{"a": 1, "b": [1, 2]}') != base
    assert request_fingerprint("POST", "/p", b"not json") == request_fingerprint("POST", "/p", b"not json")
    assert request_fingerprint("POST", "/p", b"") == request_fingerprint("POST", "/p", b"  ")


def test_last_owner_cannot_be_demoted_or_removed():
    assert last_owner_removed(["owner", "admin"], "owner", "admin")
    assert last_owner_removed(["owner"], "owner", None)
    assert not last_owner_removed(["owner", "owner"], "owner", None)
    assert not last_owner_removed(["owner", "admin"], "admin", None)
    assert not last_owner_removed(["owner"], "owner", "owner")


@pytest.mark.parametrize("ruc", ["1792146739001", "0999999999001", "1710034065001", "1760001550001"])
def test_valid_rucs(ruc):
    assert ruc_errors(ruc) == []


@pytest.mark.parametrize("ruc, reason", [
    ("179214673900", "13 dígitos"), ("17921467390a1", "13 dígitos"), ("2592146739001", "provincia"),
    ("1772146739001", "tercer dígito"), ("1792146738001", "verificador"), ("1792146739000", "terminar en 001"),
    ("1710034064001", "verificador"), ("1760001551001", "verificador"),
])
def test_invalid_rucs(ruc, reason):
    assert reason in ruc_errors(ruc)[0]
