"""The gateway's request bodies (shared/contracts/gateway.py): Spanish errors with field paths."""
from __future__ import annotations

import pytest

from shared.contracts.gateway import ApiKeyCreate, CompanyUpdate, UserCreate
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit


def test_company_update_errors_are_spanish_with_field_paths():
    with pytest.raises(Unprocessable) as exc:
        validate_body(CompanyUpdate, {"legal_name": None, "timezone": "Mars/Base", "sri_environment": "prod",
                                      "obligado_contabilidad": "quizas", "modules": ["sales", "inventory"]})
    errors = exc.value.errors
    assert set(errors) == {"legal_name", "timezone", "sri_environment", "obligado_contabilidad", "modules"}
    assert errors["timezone"] == ["La zona horaria no es válida (ej. America/Guayaquil)."]
    assert errors["modules"] == ["El módulo settings no puede deshabilitarse."]


def test_user_create_normalises_and_checks_email():
    assert validate_body(UserCreate, {"email": " A@B.EC ", "role": "viewer"}).email == "a@b.ec"
    with pytest.raises(Unprocessable) as exc:
        validate_body(UserCreate, {"email": "not-an-email", "role": "king", "password": "short"})
    assert set(exc.value.errors) == {"email", "role", "password"}


@pytest.mark.parametrize("ruc", ["1792146739001", "0999999999001", "1710034065001", "1760001550001"])
def test_valid_rucs(ruc):
    assert validate_body(CompanyUpdate, {"ruc": ruc}).ruc == ruc


@pytest.mark.parametrize("ruc, reason", [
    ("179214673900", "13 dígitos"), ("17921467390a1", "13 dígitos"), ("2592146739001", "provincia"),
    ("1772146739001", "tercer dígito"), ("1792146738001", "verificador"), ("1792146739000", "terminar en 001"),
    ("1710034064001", "verificador"), ("1760001551001", "verificador"),
])
def test_invalid_rucs(ruc, reason):
    with pytest.raises(Unprocessable) as exc:
        validate_body(CompanyUpdate, {"ruc": ruc})
    assert reason in exc.value.errors["ruc"][0]


def test_api_key_scopes_are_module_verb_pairs_sorted_once():
    assert validate_body(ApiKeyCreate, {"name": "k", "scopes": ["sales:write", "inventory:read", "sales:write"]}
                         ).scopes == ["inventory:read", "sales:write"]
    for bad in ("inventory", "inventory:delete", "webhooks:read", ":read", "sales:write:x"):
        with pytest.raises(Unprocessable) as exc:
            validate_body(ApiKeyCreate, {"name": "k", "scopes": [bad]})
        assert exc.value.errors["scopes"] == [f"Permiso no válido: {bad} (use módulo:read o módulo:write)."]
