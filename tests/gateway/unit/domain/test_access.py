"""Who may do what: roles, modules, API-key scopes, the last owner."""
from __future__ import annotations

import pytest

from services.gateway.domain.access import (MODULES, ROLES, Principal, access_denial, all_write_scopes,
                                            last_owner_removed, parse_scope, role_allows, role_scopes,
                                            scopes_allow, scopes_within)

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


def test_last_owner_cannot_be_demoted_or_removed():
    assert last_owner_removed(["owner", "admin"], "owner", "admin")
    assert last_owner_removed(["owner"], "owner", None)
    assert not last_owner_removed(["owner", "owner"], "owner", None)
    assert not last_owner_removed(["owner", "admin"], "admin", None)
    assert not last_owner_removed(["owner"], "owner", "owner")
